/**
 * Where V8 code caches of the package's bundles live, and reading and writing them safely.
 *
 * Owns: choosing the directory (`MXM_RUNTIME_CODE_CACHE`, else `$XDG_CACHE_HOME/mxm-runtime`, else
 * `~/.cache/mxm-runtime`); trusting it; creating it; reading an entry (a regular file of this user
 * or root that no one else can write, size-capped, never through a symlink); writing one
 * atomically (a private temp file renamed over the entry); pruning entries unused for a month.
 * Does not own the entry's format (code-cache-entry.ts) or compiling (load-bundle.ts).
 *
 * A directory is trusted when it, and every directory above it (as written and as resolved), is
 * a directory of this user or root that no one else can write (a sticky one, like /tmp, may be):
 * then no one else can put a file there or swap a directory on the way. Root's are trusted as ssh
 * trusts them: root could replace the package itself, and it is how a cache baked into a container
 * image (built as root, run as another user) gets used. A directory is created only inside one of
 * this user's own, never in another user's home (root with someone else's HOME).
 *
 * Why the care: V8 runs the bytecode in a cache without re-reading the source it came from, so a
 * cache another user could write would be code injection. Every failure here means "no cache":
 * the bundle then compiles from source, as it would without one; caching is never worth an error.
 */
import { accessSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { decodeEntry, encodeEntry } from './code-cache-entry.js';

/** A cache entry larger than this is not read (the largest real one is about 3 MiB). */
export const MAX_CODE_CACHE_BYTES = 64 * 1024 * 1024;

/** An entry no process has used for this long is removed by the next process that writes one. */
const UNUSED_FOR_MS = 30 * 24 * 3600 * 1000;
/** A used entry's time is brought forward at most this often (one syscall a day, not per start). */
const TOUCH_AFTER_MS = 24 * 3600 * 1000;
/** The names this module gives entries and temp files, the only files it ever removes. */
const ENTRY_NAME = /^[a-z][a-z-]*-[0-9a-z]+-v[0-9.]+-[0-9a-z]+\.v8cache$/;
const TEMP_NAME = /^\.[a-z][a-z-]*-[0-9a-z]+-v[0-9.]+-[0-9a-z]+\.v8cache\.[0-9]+\.tmp$/;

/** Why nothing was read where nothing was written yet (the directory or the entry is missing). */
const NO_ENTRY = 'no entry yet';

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

/** Owned by this user or root. */
const ownedWell = (stats: Stats): boolean => {
  const me = uid();
  return me === undefined || stats.uid === me || stats.uid === 0;
};

/** Owned by this user or root, and writable by no one else. */
const private_ = (stats: Stats): boolean => ownedWell(stats) && (stats.mode & 0o022) === 0;

/** A directory no one but this user or root can change: theirs, and not writable by others unless sticky. */
const steady = (stats: Stats): boolean => stats.isDirectory() && ownedWell(stats) && ((stats.mode & 0o022) === 0 || (stats.mode & 0o1000) !== 0);

/** The first directory above `path` that someone else could change, if any (stat follows symlinks). */
function unsteadyAbove(path: string): string | undefined {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (!steady(statSync(dir))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The directory's resolved path when it is to be trusted, or why not (see the module comment).
 * Throws nothing.
 */
function trustedDirectory(dir: string): { readonly path: string } | { readonly unused: string } {
  try {
    const real = realpathSync(dir);
    const unsteady = unsteadyAbove(dir) ?? unsteadyAbove(real);
    if (unsteady !== undefined) return { unused: `${unsteady}, above the directory, can be changed by another user` };
    return private_(lstatSync(real)) ? { path: real } : { unused: 'the directory is not a private directory of this user or root' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { unused: code === 'ENOENT' ? NO_ENTRY : `the directory cannot be used (${code ?? 'error'})` };
  }
}

/**
 * Creates `dir` (0700) and, if it is missing too, its parent, but only inside a directory of this
 * very user: root running with another user's HOME must not leave root's directories there.
 */
function createDirectory(dir: string): void {
  const parent = dirname(dir);
  const me = uid();
  const mine = (path: string): boolean => me === undefined || statSync(path).uid === me;
  if (statSync(parent, { throwIfNoEntry: false }) === undefined) {
    if (!mine(dirname(parent))) return;
    mkdirSync(parent, { mode: 0o700 });
  }
  if (mine(parent)) mkdirSync(dir, { mode: 0o700 });
}

/** An entry read, or why there is none to use. */
export type CacheRead = { readonly data: Buffer } | { readonly unused: string };

/**
 * V8's data from the entry `name` in `dir` when it was made from exactly `source`, or why it is
 * not used: there is none, the directory or the file is not to be trusted (another user than this
 * one or root could have written it; a symlink; not a regular file; larger than
 * MAX_CODE_CACHE_BYTES), or the entry is damaged or stale (code-cache-entry.ts). Throws nothing.
 */
export function readCodeCache(dir: string, name: string, source: Buffer): CacheRead {
  const trusted = trustedDirectory(dir);
  if ('unused' in trusted) return trusted;
  const file = join(trusted.path, name);
  let fd: number | undefined;
  try {
    // O_NOFOLLOW: never through a symlink; O_NONBLOCK: a FIFO planted here cannot hang the open.
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!stats.isFile() || !private_(stats) || stats.size > MAX_CODE_CACHE_BYTES) return { unused: 'the entry is not a regular file of this user or root that only its owner can write' };
    const entry = readFileSync(fd);
    const read = entry.length === stats.size ? decodeEntry(entry, source) : { unused: 'the entry changed as it was read' };
    if ('data' in read && Date.now() - stats.mtimeMs > TOUCH_AFTER_MS) touch(file);
    return read;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { unused: code === 'ENOENT' ? NO_ENTRY : code === 'ELOOP' ? 'the entry is a symlink' : `the entry cannot be read (${code ?? 'error'})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Marks an entry as in use, so pruning keeps it (a read-only cache just stays as it is). */
function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // read-only: nothing prunes there either
  }
}

/**
 * Writes the entry `name` in `dir` for `source` (creating the directory 0700 if it can: see
 * createDirectory) through a temp file only this user can read, renamed over the entry so a reader
 * never sees half of one; then removes the entries and temp files no process has used for a month.
 * `produce` makes V8's data, and is called only once the directory is there, trusted and
 * writable: making it costs milliseconds, not to be spent on every start where nothing can be
 * written (a read-only home, a cache baked into an image). Returns what happened (`written`, or
 * why not). Throws nothing: a full disk or a read-only home just means no cache.
 */
export function writeCodeCache(dir: string, name: string, source: Buffer, produce: () => Buffer): string {
  let trusted = trustedDirectory(dir);
  if ('unused' in trusted && trusted.unused === NO_ENTRY) {
    try {
      createDirectory(dir);
    } catch {
      // trustedDirectory says why below
    }
    trusted = trustedDirectory(dir);
  }
  if ('unused' in trusted) return `not written: ${trusted.unused}`;
  const temp = join(trusted.path, `.${name}.${process.pid}.tmp`);
  try {
    accessSync(trusted.path, constants.W_OK);
    writeFileSync(temp, encodeEntry(source, produce()), { flag: 'wx', mode: 0o600 });
    renameSync(temp, join(trusted.path, name));
    prune(trusted.path);
    return 'written';
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing more to do: the temp name carries the pid, and pruning removes it in time.
    }
    return `not written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

/** Removes this module's entries unused for UNUSED_FOR_MS, and temp files a day old (a writer that died). */
function prune(dir: string): void {
  const now = Date.now();
  for (const file of readdirSync(dir)) {
    const maxAge = ENTRY_NAME.test(file) ? UNUSED_FOR_MS : TEMP_NAME.test(file) ? TOUCH_AFTER_MS : undefined;
    if (maxAge === undefined) continue;
    const stats = lstatSync(join(dir, file), { throwIfNoEntry: false });
    if (stats?.isFile() === true && now - stats.mtimeMs > maxAge) rmSync(join(dir, file), { force: true });
  }
}
