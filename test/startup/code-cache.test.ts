/**
 * The code cache the bundles load through (src/startup): it must never change what the code does,
 * never trust a file another user could have written, never hang or fail a start, and be used.
 * Every case runs the built loader (dist/bundle/load-bundle.cjs) in a fresh Node process.
 */
import { describe, expect, it, beforeEach, afterEach } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { CLI } from '../helpers/cli.js';
import { loadBundle } from '../../src/startup/load-bundle.js';

const require = createRequire(import.meta.url);

const LOADER = fileURLToPath(new URL('../../dist/bundle/load-bundle.cjs', import.meta.url));
const isRoot = process.getuid?.() === 0;

let dir: string;
let bundle: string;
let cache: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mxm-code-cache-'));
  bundle = join(dir, 'bundle.cjs');
  cache = join(dir, 'cache');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Loads `bundle` through the loader in a fresh process; prints its `result` export as JSON. */
function load(env: Record<string, string> = {}, buildId = 'b1', extra = '') {
  const code = `const m = require(${JSON.stringify(LOADER)}).loadBundle({ file: ${JSON.stringify(bundle)}, cacheName: 'test', buildId: ${JSON.stringify(buildId)}, require });${extra}
process.stdout.write(JSON.stringify(m.result));`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'MXM_RUNTIME_CODE_CACHE' && k !== 'NODE_DISABLE_COMPILE_CACHE'));
  const r = spawnSync(process.execPath, ['-e', code], { env: { ...clean, MXM_RUNTIME_CODE_CACHE: cache, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, result: r.status === 0 ? (JSON.parse(r.stdout) as unknown) : undefined };
}

/** A bundle whose functions compile only when called, like the real ones. */
function writeBundle(answer: string): void {
  writeFileSync(bundle, `'use strict';\nfunction compute() { return ${answer}; }\nexports.result = { answer: compute(), file: __filename, dir: __dirname, sibling: require('./sibling.cjs') };\n`);
  writeFileSync(join(dir, 'sibling.cjs'), `module.exports = 'next to the bundle';\n`);
}

const entries = (): string[] => (statSync(cache, { throwIfNoEntry: false }) === undefined ? [] : readdirSync(cache).filter((f) => f.endsWith('.v8cache')));

describe('the code cache', () => {
  it('runs the bundle as a CommonJS module beside its own file, writes a private entry, then uses it', () => {
    writeBundle('41 + 1');
    const first = load();
    expect(first.stderr).toBe('');
    expect(first.result).toEqual({ answer: 42, file: bundle, dir, sibling: 'next to the bundle' });
    const [entry] = entries();
    expect(entries()).toHaveLength(1);
    expect(entry).toMatch(new RegExp(`^test-\\w+-${process.version}-${process.arch}-b1-\\w+-\\w+\\.v8cache$`));
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    const written = statSync(join(cache, entry as string));
    expect(written.mode & 0o777).toBe(0o600);
    // The second start reads it and V8 accepts it: nothing is written again.
    const second = load();
    expect(second.result).toEqual(first.result);
    expect(statSync(join(cache, entry as string)).ino).toBe(written.ino);
    expect(statSync(join(cache, entry as string)).mtimeMs).toBe(written.mtimeMs);
  });

  it('never runs an old cache against an edited bundle, even one of the same length', () => {
    writeBundle('41 + 1');
    load();
    const before = entries();
    writeBundle('41 + 2');
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    expect(load().result).toMatchObject({ answer: 43 });
    // The old build's entry is replaced, not kept beside the new one.
    expect(entries()).toHaveLength(1);
    expect(entries()).not.toEqual(before);
    // A new build (another build id) with the same size and time is a new entry too.
    expect(load({}, 'b2').result).toMatchObject({ answer: 43 });
    expect(entries()[0]).toContain('-b2-');
  });

  it('recompiles and rewrites a corrupt entry', () => {
    writeBundle('6 * 7');
    load();
    const [entry] = entries() as [string];
    writeFileSync(join(cache, entry), Buffer.alloc(statSync(join(cache, entry)).size, 0xab));
    expect(load().result).toMatchObject({ answer: 42 });
    expect(readFileSync(join(cache, entry)).every((byte) => byte === 0xab)).toBe(false);
    expect(load().result).toMatchObject({ answer: 42 });
  });

  it('does not read an entry through a symlink, and never writes through one', () => {
    writeBundle('42');
    load();
    const [entry] = entries() as [string];
    const elsewhere = join(dir, 'elsewhere');
    writeFileSync(elsewhere, readFileSync(join(cache, entry)));
    rmSync(join(cache, entry));
    symlinkSync(elsewhere, join(cache, entry));
    const target = readFileSync(elsewhere);
    expect(load().result).toMatchObject({ answer: 42 });
    expect(readFileSync(elsewhere)).toEqual(target);
    expect(lstatSync(join(cache, entry)).isSymbolicLink()).toBe(false);
  });

  it('is not hung by a FIFO in place of an entry', () => {
    writeBundle('42');
    load();
    const [entry] = entries() as [string];
    rmSync(join(cache, entry));
    expect(spawnSync('mkfifo', [join(cache, entry)]).status).toBe(0);
    const r = load();
    expect(r.code).toBe(0);
    expect(r.result).toMatchObject({ answer: 42 });
  });

  it('uses no directory others can write, and no directory that is a symlink', () => {
    writeBundle('42');
    mkdirSync(cache, { mode: 0o700 });
    chmodSync(cache, 0o777);
    expect(load().result).toMatchObject({ answer: 42 });
    expect(entries()).toEqual([]);
    rmSync(cache, { recursive: true });
    const real = join(dir, 'real-cache');
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, cache);
    expect(load().result).toMatchObject({ answer: 42 });
    expect(readdirSync(real)).toEqual([]);
  });

  (isRoot ? it : it.skip)("does not trust an entry or a directory of another user (runs as root: chown)", () => {
    writeBundle('42');
    load();
    const [entry] = entries() as [string];
    chownSync(join(cache, entry), 65534, 65534);
    expect(load().result).toMatchObject({ answer: 42 });
    // Read as absent, so rewritten: the entry is this user's again.
    expect(statSync(join(cache, entry)).uid).toBe(0);
    chownSync(cache, 65534, 65534);
    const before = statSync(join(cache, entry)).ino;
    expect(load().result).toMatchObject({ answer: 42 });
    expect(statSync(join(cache, entry)).ino).toBe(before);
  });

  it('says what it did on stderr with MXM_RUNTIME_CODE_CACHE_TRACE=1, and nothing without', () => {
    writeBundle('42');
    const trace = { MXM_RUNTIME_CODE_CACHE_TRACE: '1' };
    expect(load(trace).stderr).toMatch(/^mxm-runtime code cache: test: not used, no entry yet: .*\.v8cache\nmxm-runtime code cache: test: written\n$/);
    expect(load(trace).stderr).toMatch(/^mxm-runtime code cache: test: used: .*\.v8cache\n$/);
    expect(load({ ...trace, MXM_RUNTIME_CODE_CACHE: 'off' }).stderr).toBe('mxm-runtime code cache: test: off\n');
    expect(load().stderr).toBe('');
  });

  (isRoot ? it : it.skip)("uses a cache of root's that another user cannot write (baked into an image), and leaves it as it is", () => {
    writeBundle('42');
    load();
    chmodSync(dir, 0o755);
    chmodSync(cache, 0o755);
    const [entry] = entries() as [string];
    chmodSync(join(cache, entry), 0o644);
    chmodSync(bundle, 0o644);
    const asNobody = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', `require(${JSON.stringify(LOADER)}).loadBundle({ file: ${JSON.stringify(bundle)}, cacheName: 'test', buildId: 'b1', require }); process.stdout.write('ran')`], {
      env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent', MXM_RUNTIME_CODE_CACHE: cache, MXM_RUNTIME_CODE_CACHE_TRACE: '1' },
      encoding: 'utf8',
    });
    expect(asNobody.stdout).toBe('ran');
    expect(asNobody.stderr).toMatch(/^mxm-runtime code cache: test: used: /);
    expect(entries()).toEqual([entry]);
  });

  it('is turned off by MXM_RUNTIME_CODE_CACHE=off or NODE_DISABLE_COMPILE_CACHE=1; a relative directory is ignored', () => {
    writeBundle('42');
    const home = join(dir, 'home');
    mkdirSync(home);
    const switches: Record<string, string>[] = [{ MXM_RUNTIME_CODE_CACHE: 'off' }, { NODE_DISABLE_COMPILE_CACHE: '1' }, { MXM_RUNTIME_CODE_CACHE: 'relative/dir' }];
    for (const env of switches) {
      expect(load({ ...env, HOME: home, XDG_CACHE_HOME: join(home, 'xdg') }).result).toMatchObject({ answer: 42 });
    }
    expect(readdirSync(home)).toEqual([]);
    expect(entries()).toEqual([]);
  });

  it('defaults to $XDG_CACHE_HOME/mxm-runtime, else ~/.cache/mxm-runtime', () => {
    writeBundle('42');
    const home = join(dir, 'home');
    mkdirSync(home);
    expect(load({ MXM_RUNTIME_CODE_CACHE: '', HOME: home, XDG_CACHE_HOME: join(home, 'xdg') }).result).toMatchObject({ answer: 42 });
    expect(readdirSync(join(home, 'xdg', 'mxm-runtime'))).toHaveLength(1);
    expect(load({ MXM_RUNTIME_CODE_CACHE: '', HOME: home, XDG_CACHE_HOME: '' }).result).toMatchObject({ answer: 42 });
    expect(readdirSync(join(home, '.cache', 'mxm-runtime'))).toHaveLength(1);
  });

  it('starts quietly where no cache can be written', () => {
    writeBundle('42');
    writeFileSync(join(dir, 'a-file'), '');
    const r = load({ MXM_RUNTIME_CODE_CACHE: join(dir, 'a-file', 'cache') });
    expect(r).toMatchObject({ code: 0, stderr: '', result: { answer: 42 } });
  });

  it('saves the cache of a process that keeps running, without waiting for it to end', () => {
    writeBundle('42');
    // The process stays up 4 s; the entry must be there while it still runs.
    const r = load({}, 'b1', `setTimeout(() => process.stderr.write(require('node:fs').readdirSync(${JSON.stringify(cache)}).join(',')), 2500); setTimeout(() => {}, 4000);`);
    expect(r.stderr).toMatch(/^test-[^,]+\.v8cache$/);
  });

  it('lets an error of the bundle through, with the bundle in its stack', () => {
    writeFileSync(bundle, `function fail() { throw new RangeError('from the bundle'); }\nfail();\n`);
    const r = load();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('RangeError: from the bundle');
    expect(r.stderr).toContain(`${bundle}:1`);
  });
});

describe('a bundle asked for from another realm', () => {
  it("is loaded with the asker's require, uncached, so that its objects are the asker's", () => {
    writeBundle('42');
    // This test file runs in jest's sandbox realm, as an application's tests do.
    const asked: string[] = [];
    const askerRequire = Object.assign((id: string) => {
      asked.push(id);
      return { result: { answer: 'from the asker' } };
    }, { resolve: require.resolve, cache: {}, main: undefined, extensions: {} }) as unknown as NodeJS.Require;
    const loaded = loadBundle({ file: bundle, cacheName: 'test', buildId: 'b1', require: askerRequire }, { ...process.env, MXM_RUNTIME_CODE_CACHE: cache });
    expect(loaded).toEqual({ result: { answer: 'from the asker' } });
    expect(asked).toEqual([bundle]);
    expect(entries()).toEqual([]);
  });
});

describe('the CLI through its code cache', () => {
  const args = ['--app', 'demo', '--env', 'dev', '--role', 'research', '--substrate', 'local-process', '--store-root', fileURLToPath(new URL('../../examples/store', import.meta.url))];
  const run = (command: string[], env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [CLI, ...command, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('prints the same with the cache off, on a miss and on a hit; one entry per command', () => {
    for (const command of [['config', '--json'], ['context', '--json'], ['identity']]) {
      const off = run(command, { MXM_RUNTIME_CODE_CACHE: 'off' });
      expect(off.code).toBe(0);
      expect(run(command, { MXM_RUNTIME_CODE_CACHE: cache })).toEqual(off);
      expect(run(command, { MXM_RUNTIME_CODE_CACHE: cache })).toEqual(off);
    }
    expect(entries().map((e) => e.split('-').slice(0, 2).join('-')).sort()).toEqual(['cli-config', 'cli-context', 'cli-identity']);
  });
});
