/**
 * Where V8 code caches of the package's bundles live, and reading and writing them safely.
 *
 * Owns: choosing the directory (`MXM_RUNTIME_CODE_CACHE`, else `$XDG_CACHE_HOME/mxm-runtime`, else
 * `~/.cache/mxm-runtime`), trusting it (a real directory of this user that no one else can write),
 * reading an entry (a regular file of this user, size-capped, never through a symlink) and writing
 * one atomically (a private temp file renamed over the entry). Does not compile or run anything:
 * load-bundle.ts does.
 *
 * Why the care: V8 runs the bytecode in a cache without re-reading the source it came from, so a
 * cache another user could write would be code injection. Every failure here means "no cache":
 * the bundle then compiles from source, as it would without one; caching is never worth an error.
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
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

/** Owned by this user and writable by no one else. */
function private_(stats: Stats): boolean {
  const me = uid();
  return (me === undefined || stats.uid === me) && (stats.mode & 0o022) === 0;
}

/** The directory exists, is a directory (not a symlink to one), is ours and no one else can write it. */
function trusted(dir: string): boolean {
  try {
    const stats = lstatSync(dir);
    return stats.isDirectory() && private_(stats);
  } catch {
    return false;
  }
}

/**
 * The entry `name` in `dir`, or undefined when there is none or it is not to be trusted: the
 * directory or the file belongs to another user or others can write it, the file is a symlink or
 * not a regular file, or it is larger than MAX_CODE_CACHE_BYTES. Throws nothing.
 */
export function readCodeCache(dir: string, name: string): Buffer | undefined {
  if (!trusted(dir)) return undefined;
  let fd: number | undefined;
  try {
    // O_NOFOLLOW: never through a symlink; O_NONBLOCK: a FIFO planted here cannot hang the open.
    fd = openSync(join(dir, name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!stats.isFile() || !private_(stats) || stats.size > MAX_CODE_CACHE_BYTES) return undefined;
    const data = readFileSync(fd);
    return data.length === stats.size ? data : undefined;
  } catch {
    return undefined;
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
 * directory is not to be trusted. Throws nothing: a full disk or a read-only home just means no
 * cache.
 */
export function writeCodeCache(dir: string, name: string, produce: () => Buffer, stalePrefix: string): void {
  const temp = join(dir, `.${name}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!trusted(dir)) return;
    writeFileSync(temp, produce(), { flag: 'wx', mode: 0o600 });
    renameSync(temp, join(dir, name));
    for (const other of readdirSync(dir)) {
      if (other !== name && other.startsWith(stalePrefix)) rmSync(join(dir, other), { force: true });
    }
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing more to do: the temp name carries the pid, the next writer uses its own.
    }
  }
}
