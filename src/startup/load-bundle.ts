/**
 * Loading one of the package's CommonJS bundles through a V8 code cache.
 *
 * Owns: compiling a bundle with the bytecode its last run left (code-cache-store.ts keeps it),
 * running it as the CommonJS module it is (its own `require`, `module`, `__filename`,
 * `__dirname`), and saving the cache once per build of the bundle when there was none or V8
 * rejected it. Does not decide what is bundled: scripts/bundle.mjs does.
 *
 * A compiled script runs in Node's main realm. Code asking from another realm (a test runner's
 * sandbox, as jest gives every test file) must get objects of its own realm, or its classes,
 * decorators' metadata and `instanceof Error` would not meet the bundle's: there the bundle is
 * loaded with the asker's own `require`, uncached.
 *
 * Why: a cold start is mostly compiling. V8 compiles a function the first time it runs, on every
 * start; Node's own compile cache (22.1+) is made before the code runs, so it holds little more
 * than the top level, and Node 20 has none. A cache made after the code has run holds every
 * function the start compiled: the next start deserializes them instead of parsing and compiling.
 * V8 checks a cache against its own version and flags, and the source only by length: an entry
 * holds the very source it was made from (code-cache-entry.ts), so an edited or upgraded bundle
 * never meets an old cache.
 */
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { constants as vmConstants, runInThisContext, Script } from 'node:vm';
import { codeCacheDirectory, readCodeCache, writeCodeCache, type CacheRead } from './code-cache-store.js';
import { requireFrom } from './package-require.js';

/** A bundle to load. */
export interface BundleToLoad {
  /** Absolute path of the CommonJS bundle (scripts/bundle.mjs writes it). */
  readonly file: string;
  /**
   * The cache's name. A bundle used in different ways gets one per way (the CLI: one per command),
   * because each compiles different functions and the first run's cache is the one kept.
   */
  readonly cacheName: string;
  /** The asking module's `require`: it loads the bundle when the asker is not in the main realm. */
  readonly require: NodeJS.Require;
  /**
   * `createRequire`, to make the bundle's own `require` (beside its file). The package's loaders
   * pass the CommonJS loader's own (`module.constructor.createRequire`, the same function):
   * importing `node:module` for it would load Node's ES module loader too, about 0.4 ms of a
   * start. Absent, it is `node:module`'s.
   */
  readonly createRequire?: ((path: string) => NodeJS.Require) | undefined;
}

/**
 * A process that lives on (a service) saves its cache this long after the bundle loaded, when its
 * start has compiled what a start compiles; a shorter one saves it as it exits.
 */
const SAVE_AFTER_MS = 1000;

/** The parameters a CommonJS module's code sees. */
const PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];

/**
 * Runs the CommonJS bundle `bundle.file` and returns its `module.exports`. The code runs exactly
 * as it would through `require`; only its compilation is cached. The cache is used when it is
 * there and trusted, and written when it was not (see codeCacheDirectory for where, and how to
 * turn it off). Asked from a realm other than the main one, it is `bundle.require(bundle.file)`.
 *
 * @throws whatever reading the bundle or running its top level throws (a missing file: ENOENT).
 */
export function loadBundle(bundle: BundleToLoad, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const { file } = bundle;
  // MXM_RUNTIME_CODE_CACHE_TRACE=1: one line on stderr for what the cache did (an image build checks it is used).
  const trace = env['MXM_RUNTIME_CODE_CACHE_TRACE'] === '1' ? (what: string) => process.stderr.write(`mxm-runtime code cache: ${bundle.cacheName}: ${what}\n`) : undefined;
  if (runInThisContext('globalThis') !== globalThis) {
    trace?.("asked from another realm: loaded uncached by the asker's require");
    return bundle.require(file) as Record<string, unknown>;
  }
  const bytes = readFileSync(file);
  const source = `(function (${PARAMETERS.join(', ')}) {${textOf(bytes)}\n})`;
  const dir = codeCacheDirectory(env);
  // Two installs of the package (two projects) keep apart entries: the path's hash is in the name.
  // So is Node's version (a machine may run several). A new build replaces the old one's entry.
  // Node's options are not: they may name per-run paths (--require, --inspect), and an entry per
  // run would be no cache at all. Processes under different V8 flags take turns rewriting one.
  const entry = `${bundle.cacheName}-${hashOf(file)}-${process.version}-${process.arch}.v8cache`;
  const read: CacheRead = dir === undefined ? { unused: 'off' } : readCodeCache(dir, entry, bytes);
  const cachedData = 'data' in read ? read.data : undefined;
  const script = new Script(source, {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
    // The bundle imports nothing dynamically today; if it ever does, Node's own loader answers.
    ...(vmConstants?.USE_MAIN_CONTEXT_DEFAULT_LOADER === undefined ? {} : { importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER }),
  });
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as Record<string, unknown> };
  const createRequire = bundle.createRequire ?? requireFrom;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  if (dir === undefined) trace?.('off');
  else trace?.(`${'unused' in read ? `not used, ${read.unused}` : script.cachedDataRejected === true ? 'rejected by V8' : 'used'}: ${join(dir, entry)}`);
  if (dir !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) saveLater(script, file, bytes, dir, entry, trace);
  return module.exports;
}

/** Saves the cache once: SAVE_AFTER_MS from now, or as the process exits, whichever comes first. */
function saveLater(script: Script, file: string, source: Buffer, dir: string, entry: string, trace: ((what: string) => void) | undefined): void {
  let saved = false;
  const save = (): void => {
    if (saved) return;
    saved = true;
    clearTimeout(timer);
    process.off('exit', save);
    const outcome = writeCodeCache(dir, entry, file, source, () => script.createCachedData());
    trace?.(outcome);
  };
  // unref: waiting to save a cache never keeps a process alive.
  const timer = setTimeout(save, SAVE_AFTER_MS);
  timer.unref();
  process.on('exit', save);
}

/** The bundles are ASCII (the build checks): decoded as Latin-1, the cheapest decoding; else as UTF-8. */
function textOf(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** FNV-1a, 32 bits, in base 36: a short, stable name for a path (not a security measure). */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
