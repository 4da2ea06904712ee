/**
 * Where V8 code caches of the package's bundles live, and reading and writing them safely.
 *
 * Owns: choosing the directory (`MXM_RUNTIME_CODE_CACHE`, else `$XDG_CACHE_HOME/mxm-runtime`, else
 * `~/.cache/mxm-runtime`); trusting it; creating it; reading an entry (a regular file of this user
 * or root that no one else can write, size-capped, never through a symlink); writing one
 * atomically (a private temp file renamed over the entry); pruning the entries of installs that
 * are gone, and entries unused for three months.
 * Does not own the entry's format (code-cache-entry.ts) or compiling (load-bundle.ts).
 *
 * A directory is trusted when it, and every directory above it (as written and as resolved), is
 * a directory of this user or root that no one else can write (a sticky one, like /tmp, may be),
 * and every symlink on the way is this user's or root's: then no one else can put a file there or
 * swap a directory on the way. Root's are trusted as ssh
 * trusts them: root could replace the package itself, and it is how a cache baked into a container
 * image (built as root, run as another user) gets used. A directory is created only inside one of
 * this user's own, never in another user's home (root with someone else's HOME).
 *
 * Why the care: V8 runs the bytecode in a cache without re-reading the source it came from, so a
 * cache another user could write would be code injection. Every failure here means "no cache":
 * the bundle then compiles from source, as it would without one; caching is never worth an error.
 */
import { accessSync, closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { readRegularFileSync, type FileReadError } from '../files/read-regular-file.js';
import { decodeEntry, encodeEntry, ENTRY_PATH_BYTES_MAX, entryPath } from './code-cache-entry.js';

/** A cache entry larger than this is not read (the largest real one is about 3 MiB). */
export const MAX_CODE_CACHE_BYTES = 64 * 1024 * 1024;

/** An entry no process has used for this long is removed by the next process that writes one. */
const UNUSED_FOR_MS = 90 * 24 * 3600 * 1000;
/** A used entry's time is brought forward at most this often (one syscall a day, not per start). */
const TOUCH_AFTER_MS = 24 * 3600 * 1000;
/**
 * The names load-bundle.ts gives entries (`cli-config-<path hash>-v22.1.0-x64.v8cache`)
 * and this module gives temp files: the only files it ever removes.
 */
const ENTRY_NAME = /^(?:library|cli(?:-[a-z]+){0,2})-[0-9a-z]{1,7}-v\d+\.\d+\.\d+-[0-9a-z]+\.v8cache$/;
const TEMP_NAME = /^\.(?:library|cli(?:-[a-z]+){0,2})-[0-9a-z]{1,7}-v\d+\.\d+\.\d+-[0-9a-z]+\.v8cache\.[0-9a-z]+\.tmp$/;

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

/** What is asked of a file's or directory's stats (plain or bigint). */
interface Ownership {
  readonly uid: number | bigint;
  readonly mode: number | bigint;
}

/** Owned by this user or root. */
const ownedWell = (stats: Ownership): boolean => {
  const me = uid();
  const owner = Number(stats.uid);
  return me === undefined || owner === me || owner === 0;
};

/** Owned by this user or root, and writable by no one else. */
const private_ = (stats: Ownership): boolean => ownedWell(stats) && (Number(stats.mode) & 0o022) === 0;

/** A directory no one but this user or root can change: theirs, and not writable by others unless sticky. */
const steady = (stats: Ownership & { isDirectory(): boolean }): boolean => stats.isDirectory() && ownedWell(stats) && ((Number(stats.mode) & 0o022) === 0 || (Number(stats.mode) & 0o1000) !== 0);

/**
 * The first place above `path` (or at it, when `at` says so) that someone else could change, if
 * any: a symlink of another user, or a directory (where a symlink leads) that is not steady.
 * Places that do not exist yet are passed over.
 */
function unsteadyAbove(path: string, at = false): string | undefined {
  for (let place = at ? path : dirname(path); ; place = dirname(place)) {
    const link = lstatSync(place, { throwIfNoEntry: false });
    if (link !== undefined) {
      if (link.isSymbolicLink() && !ownedWell(link)) return place;
      if (!steady(statSync(place))) return place;
    }
    if (dirname(place) === place) return undefined;
  }
}

/**
 * The directory's resolved path when it is to be trusted, or why not (see the module comment).
 * Throws nothing.
 */
function trustedDirectory(dir: string): { readonly path: string } | { readonly unused: string } {
  try {
    // The way as written (the directory itself too: a symlink of another user's), then where it leads.
    const unsteadyAsWritten = unsteadyAbove(dir, true);
    if (unsteadyAsWritten !== undefined) return { unused: `${unsteadyAsWritten}, on the way to the directory, can be changed by another user` };
    const real = realpathSync(dir);
    const unsteady = unsteadyAbove(real);
    if (unsteady !== undefined) return { unused: `${unsteady}, on the way to the directory, can be changed by another user` };
    return private_(lstatSync(real)) ? { path: real } : { unused: 'the directory is not a private directory of this user or root' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { unused: code === 'ENOENT' ? NO_ENTRY : `the directory cannot be used (${code ?? 'error'})` };
  }
}

/**
 * Creates `dir` (0700) and, if it is missing too, its parent, but only inside a directory of this
 * very user, reached by a way no one else can change: root running with another user's HOME, or
 * through another user's symlink, must not leave root's directories there.
 */
function createDirectory(dir: string): void {
  if (unsteadyAbove(dir) !== undefined) return;
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
  let modifiedMs = 0;
  let entry: Buffer;
  try {
    // Never through a symlink; the owner and mode checked on the very file read.
    entry = readRegularFileSync(file, MAX_CODE_CACHE_BYTES, {
      followSymlinks: false,
      refuse: (stats) => {
        modifiedMs = Number(stats.mtimeMs);
        return private_(stats) ? undefined : 'is not a file of this user or root that only its owner can write';
      },
    });
  } catch (error) {
    // readRegularFileSync throws FileReadError only.
    const failure = error as FileReadError;
    if (failure.reason === 'not-found') return { unused: NO_ENTRY };
    if (failure.reason === 'symlink-loop') return { unused: 'the entry is a symlink' };
    return { unused: `the entry cannot be used: it ${failure.description}` };
  }
  const read = decodeEntry(entry, source);
  if ('data' in read && Date.now() - modifiedMs > TOUCH_AFTER_MS) touch(file);
  return read;
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
 * Writes the entry `name` in `dir` for `source`, the bundle `bundleFile` (creating the directory
 * 0700 if it can: see createDirectory) through a temp file only this user can read, renamed over
 * the entry so a reader never sees half of one; then prunes (see prune).
 * `produce` makes V8's data, and is called only once the directory is there, trusted and
 * writable: making it costs milliseconds, not to be spent on every start where nothing can be
 * written (a read-only home, a cache baked into an image). Returns what happened (`written`, or
 * why not). Throws nothing: a full disk or a read-only home just means no cache.
 */
export function writeCodeCache(dir: string, name: string, bundleFile: string, source: Buffer, produce: () => Buffer): string {
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
  // pid and a random part: worker threads share a pid, and containers all run as pid 1.
  const temp = join(trusted.path, `.${name}.${process.pid.toString(36)}${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    accessSync(trusted.path, constants.W_OK);
    writeFileSync(temp, encodeEntry(bundleFile, source, produce()), { flag: 'wx', mode: 0o600 });
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

/**
 * Removes this module's entries whose bundle is gone (an install deleted: a CI workspace, a
 * temporary project) and those no process has used for UNUSED_FOR_MS, and temp files a day old
 * (a writer that died). Only names this module gives are touched.
 */
function prune(dir: string): void {
  const now = Date.now();
  for (const file of readdirSync(dir)) {
    const isEntry = ENTRY_NAME.test(file);
    if (!isEntry && !TEMP_NAME.test(file)) continue;
    const path = join(dir, file);
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (stats?.isFile() !== true) continue;
    const age = now - stats.mtimeMs;
    if (isEntry ? age > UNUSED_FOR_MS || installGone(path) : age > TOUCH_AFTER_MS) rmSync(path, { force: true });
  }
}

/** Whether the bundle an entry was made for no longer exists (false when that cannot be told). */
function installGone(entry: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(entry, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const head = Buffer.alloc(ENTRY_PATH_BYTES_MAX);
    const bundle = entryPath(head.subarray(0, readSync(fd, head, 0, head.length, 0)));
    return bundle !== undefined && !existsSync(bundle);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
