/**
 * Where V8 code caches of the package's bundles live, and reading and writing them safely.
 *
 * Owns: choosing the directory (`MXM_RUNTIME_CODE_CACHE`, else `$XDG_CACHE_HOME/mxm-runtime`, else
 * `~/.cache/mxm-runtime`), trusting it (a real directory of this user or root that no one else can
 * write), reading an entry (a regular file of this user or root that no one else can write,
 * size-capped, never through a symlink) and writing one atomically (a private temp file renamed
 * over the entry). Root's files are trusted as ssh trusts them: root could replace the package
 * itself, and it is how a cache baked into a container image (built as root, run as another user)
 * gets used. Does not compile or run anything:
 * load-bundle.ts does.
 *
 * Why the care: V8 runs the bytecode in a cache without re-reading the source it came from, so a
 * cache another user could write would be code injection. Every failure here means "no cache":
 * the bundle then compiles from source, as it would without one; caching is never worth an error.
 */
import { accessSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** A cache entry larger than this is not read (the largest real one is about 2 MiB). */
export const MAX_CODE_CACHE_BYTES = 64 * 1024 * 1024;

/** Values of `MXM_RUNTIME_CODE_CACHE` that turn the cache off. */
const OFF = new Set(['0', 'off', 'false', 'no']);

/**
 * The cache directory for this process, or undefined when caching is off: `MXM_RUNTIME_CODE_CACHE`
 * (an absolute directory, or `off`), else `$XDG_CACHE_HOME/mxm-runtime`, else
 * `~/.cache/mxm-runtime`. `NODE_DISABLE_COMPILE_CACHE=1`, Node's own switch, turns it off too.
 * The directory need not exist yet. Throws nothing.
 */
export function codeCacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['NODE_DISABLE_COMPILE_CACHE'] !== undefined && env['NODE_DISABLE_COMPILE_CACHE'] !== '') return undefined;
  const chosen = env['MXM_RUNTIME_CODE_CACHE'];
  if (chosen !== undefined && chosen !== '') return OFF.has(chosen.toLowerCase()) || !isAbsolute(chosen) ? undefined : chosen;
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'mxm-runtime');
  try {
    const home = homedir();
    return isAbsolute(home) ? join(home, '.cache', 'mxm-runtime') : undefined;
  } catch {
    return undefined;
  }
}

/** This process's user id, or undefined where there is none (Windows: ownership is not checked). */
const uid = (): number | undefined => process.getuid?.();

/** Owned by this user or root, and writable by no one else. */
function private_(stats: Stats): boolean {
  const me = uid();
  return (me === undefined || stats.uid === me || stats.uid === 0) && (stats.mode & 0o022) === 0;
}

/**
 * Why the directory is not to be used, or undefined when it is: it must exist and be a directory
 * (not a symlink to one) of this user or root that no one else can write.
 */
function distrust(dir: string): string | undefined {
  try {
    const stats = lstatSync(dir);
    return stats.isDirectory() && private_(stats) ? undefined : 'the directory is not a private directory of this user or root';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no entry yet' : `the directory cannot be used (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

/** An entry read, or why there is none to use. */
export type CacheRead = { readonly data: Buffer } | { readonly unused: string };

/**
 * The entry `name` in `dir`, or why it is not used: there is none, or it is not to be trusted (the
 * directory or the file belongs to another user than this one or root, or others can write it;
 * the file is a symlink or not a regular file, or larger than MAX_CODE_CACHE_BYTES). Throws
 * nothing.
 */
export function readCodeCache(dir: string, name: string): CacheRead {
  const distrusted = distrust(dir);
  if (distrusted !== undefined) return { unused: distrusted };
  let fd: number | undefined;
  try {
    // O_NOFOLLOW: never through a symlink; O_NONBLOCK: a FIFO planted here cannot hang the open.
    fd = openSync(join(dir, name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!stats.isFile() || !private_(stats) || stats.size > MAX_CODE_CACHE_BYTES) return { unused: 'the entry is not a regular file of this user or root that only its owner can write' };
    const data = readFileSync(fd);
    return data.length === stats.size ? { data } : { unused: 'the entry changed as it was read' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { unused: code === 'ENOENT' ? 'no entry yet' : code === 'ELOOP' ? 'the entry is a symlink' : `the entry cannot be read (${code ?? 'error'})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes the entry `name` in `dir` (created 0700 if absent) through a temp file only this user can
 * read, renamed over the entry so a reader never sees half of one; then removes the entries of
 * older builds of the same bundle (names starting `stalePrefix`). `produce` makes the data, and is
 * called only once the directory is there and trusted: making it costs milliseconds, not to be
 * spent on every start where nothing can be written (a read-only home). Does nothing when the
 * directory is not to be trusted. Returns what happened (`written`, or why not). Throws nothing:
 * a full disk or a read-only home just means no cache.
 */
export function writeCodeCache(dir: string, name: string, produce: () => Buffer, stalePrefix: string): string {
  const temp = join(dir, `.${name}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // A directory baked into an image may be root's and read-only to this user: nothing to make.
    const distrusted = distrust(dir);
    if (distrusted !== undefined) return `not written: ${distrusted}`;
    accessSync(dir, constants.W_OK);
    writeFileSync(temp, produce(), { flag: 'wx', mode: 0o600 });
    renameSync(temp, join(dir, name));
    for (const other of readdirSync(dir)) {
      if (other !== name && other.startsWith(stalePrefix)) rmSync(join(dir, other), { force: true });
    }
    return 'written';
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing more to do: the temp name carries the pid, the next writer uses its own.
    }
    return `not written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}
