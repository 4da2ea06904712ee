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
function load(env: Record<string, string> = {}, extra = '', cacheName = 'test', file = bundle) {
  const code = `const m = require(${JSON.stringify(LOADER)}).loadBundle({ file: ${JSON.stringify(file)}, cacheName: ${JSON.stringify(cacheName)}, require });${extra}
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
    expect(entry).toMatch(new RegExp(`^test-\\w+-${process.version}-${process.arch}\\.v8cache$`));
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    const written = statSync(join(cache, entry as string));
    expect(written.mode & 0o777).toBe(0o600);
    // The second start reads it and V8 accepts it: nothing is written again.
    const second = load();
    expect(second.result).toEqual(first.result);
    expect(statSync(join(cache, entry as string)).ino).toBe(written.ino);
    expect(statSync(join(cache, entry as string)).mtimeMs).toBe(written.mtimeMs);
  });

  it('never runs an old cache against an edited bundle, even one of the same length and time (cp -p, tar)', () => {
    writeBundle('41 + 1');
    load();
    const { atime, mtime } = statSync(bundle);
    writeBundle('41 + 2');
    utimesSync(bundle, atime, mtime);
    const edited = load({ MXM_RUNTIME_CODE_CACHE_TRACE: '1' });
    expect(edited.result).toMatchObject({ answer: 43 });
    expect(edited.stderr).toContain('not used, the entry was made from another build of the bundle');
    // The old build's entry is replaced, not kept beside the new one.
    expect(entries()).toHaveLength(1);
    expect(load().result).toMatchObject({ answer: 43 });
  });

  it('neither crashes on nor keeps a damaged entry: garbage, a zeroed tail (a torn write), stray bytes, a truncation', () => {
    writeBundle('6 * 7');
    load();
    const [entry] = entries() as [string];
    const path = join(cache, entry);
    const good = readFileSync(path);
    const damages: [string, (b: Buffer) => Buffer][] = [
      ['garbage', (b) => Buffer.alloc(b.length, 0xab)],
      ['a zeroed tail', (b) => Buffer.concat([b.subarray(0, b.length >> 1), Buffer.alloc(b.length - (b.length >> 1))])],
      ...[0.3, 0.6, 0.9].map((at): [string, (b: Buffer) => Buffer] => [`stray bytes at ${at}`, (b) => { const c = Buffer.from(b); c.write('\x00\xff\x13\x37', Math.floor(b.length * at), 'latin1'); return c; }]),
      ['a truncation', (b) => b.subarray(0, b.length - 100)],
    ];
    for (const [what, damage] of damages) {
      writeFileSync(path, damage(good), { mode: 0o600 });
      const r = load({ MXM_RUNTIME_CODE_CACHE_TRACE: '1' });
      expect([what, r.code, r.result]).toEqual([what, 0, expect.objectContaining({ answer: 42 })]);
      expect(r.stderr).toMatch(/not used, the entry (is not one|is damaged)/);
      // Rewritten whole: the next start uses it.
      expect(load({ MXM_RUNTIME_CODE_CACHE_TRACE: '1' }).stderr).toMatch(/: used: /);
    }
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

  it('uses no directory that others can write, or that sits in one others can write (unless sticky, like /tmp)', () => {
    writeBundle('42');
    mkdirSync(cache, { mode: 0o700 });
    chmodSync(cache, 0o777);
    expect(load().result).toMatchObject({ answer: 42 });
    expect(entries()).toEqual([]);
    // A private directory inside a world-writable one: someone else could swap it.
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const inside = join(open, 'cache');
    mkdirSync(inside, { mode: 0o700 });
    const trace = load({ MXM_RUNTIME_CODE_CACHE: inside, MXM_RUNTIME_CODE_CACHE_TRACE: '1' });
    expect(trace.result).toMatchObject({ answer: 42 });
    expect(trace.stderr).toContain(`${open}, on the way to the directory, can be changed by another user`);
    expect(readdirSync(inside)).toEqual([]);
    // The same with the sticky bit, as /tmp has: no one else can rename or remove what is ours.
    chmodSync(open, 0o1777);
    load({ MXM_RUNTIME_CODE_CACHE: inside });
    expect(readdirSync(inside)).toHaveLength(1);
  });

  it('follows a symlink to its directory only when the way there is as private as the way to it', () => {
    writeBundle('42');
    const real = join(dir, 'real-cache');
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, cache);
    expect(load().result).toMatchObject({ answer: 42 });
    expect(readdirSync(real)).toHaveLength(1);
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    mkdirSync(join(open, 'cache'), { mode: 0o700 });
    rmSync(cache);
    symlinkSync(join(open, 'cache'), cache);
    expect(load().result).toMatchObject({ answer: 42 });
    expect(readdirSync(join(open, 'cache'))).toEqual([]);
  });

  it('removes entries and temp files no process has used for a month when it writes one, and nothing else', () => {
    writeBundle('42');
    mkdirSync(cache, { mode: 0o700 });
    const old = new Date(Date.now() - 100 * 24 * 3600 * 1000);
    const stale = join(cache, `cli-config-abc123-v20.1.0-x64.v8cache`);
    const tempOfDeadWriter = join(cache, `.library-abc123-v22.2.0-x64.v8cache.4242ab.tmp`);
    // Look-alikes of other tools are never touched, however old.
    const notOurs = ['notes.txt', 'foo-abc-v1-x.v8cache', 'other-tool-1-v2-arm.v8cache', 'cli-config-abc123-v20.1-x64.v8cache', 'library-toolonghash-v20.1.0-x64.v8cache'];
    for (const file of [stale, tempOfDeadWriter, ...notOurs.map((f) => join(cache, f))]) {
      writeFileSync(file, 'x', { mode: 0o600 });
      utimesSync(file, old, old);
    }
    const recent = 'cli-identity-abc123-v20.1.0-x64.v8cache';
    writeFileSync(join(cache, recent), 'x', { mode: 0o600 });
    load();
    expect(readdirSync(cache).sort()).toEqual([entries().find((e) => e.startsWith('test-')), recent, ...notOurs].sort());
  });

  it('removes the entries of an install that is gone (a deleted workspace) when it writes one', () => {
    const gone = join(dir, 'workspace');
    mkdirSync(gone);
    const goneBundle = join(gone, 'library.cjs');
    writeFileSync(goneBundle, 'exports.result = 1;\n');
    expect(load({}, '', 'library', goneBundle).result).toBe(1);
    expect(entries()).toHaveLength(1);
    rmSync(gone, { recursive: true });
    writeBundle('42');
    expect(load({}, '', 'library').result).toMatchObject({ answer: 42 });
    expect(entries()).toHaveLength(1);
    expect(load({ MXM_RUNTIME_CODE_CACHE_TRACE: '1' }, '', 'library').stderr).toMatch(/: used: /);
  });

  it("brings a used entry's time forward once a day, so that pruning keeps it", () => {
    writeBundle('42');
    load();
    const [entry] = entries() as [string];
    const old = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    utimesSync(join(cache, entry), old, old);
    expect(load({ MXM_RUNTIME_CODE_CACHE_TRACE: '1' }).stderr).toMatch(/: used: /);
    expect(Date.now() - statSync(join(cache, entry)).mtimeMs).toBeLessThan(3600 * 1000);
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
    const asNobody = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', `require(${JSON.stringify(LOADER)}).loadBundle({ file: ${JSON.stringify(bundle)}, cacheName: 'test', require }); process.stdout.write('ran')`], {
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

  (isRoot ? it : it.skip)("creates nothing through another user's symlink, and uses nothing there", () => {
    writeBundle('42');
    const sticky = join(dir, 'sticky');
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    const target = join(dir, 'target');
    mkdirSync(target, { mode: 0o700 });
    const link = join(sticky, 'xdg');
    symlinkSync(target, link);
    spawnSync('chown', ['-h', 'nobody', link]);
    expect(lstatSync(link).uid).toBe(65534);
    const r = load({ MXM_RUNTIME_CODE_CACHE: '', XDG_CACHE_HOME: link, MXM_RUNTIME_CODE_CACHE_TRACE: '1' });
    expect(r.result).toMatchObject({ answer: 42 });
    expect(r.stderr).toContain(`${link}, on the way to the directory, can be changed by another user`);
    expect(readdirSync(target)).toEqual([]);
  });

  (isRoot ? it : it.skip)("creates no directory in another user's home (root with someone else's HOME), nor a missing home", () => {
    writeBundle('42');
    const alice = join(dir, 'alice');
    mkdirSync(alice);
    chownSync(alice, 65534, 65534);
    const env = { MXM_RUNTIME_CODE_CACHE: '', XDG_CACHE_HOME: '', HOME: alice };
    expect(load(env).result).toMatchObject({ answer: 42 });
    expect(readdirSync(alice)).toEqual([]);
    expect(load({ ...env, HOME: join(dir, 'no-such-home') }).result).toMatchObject({ answer: 42 });
    expect(readdirSync(dir).includes('no-such-home')).toBe(false);
    // In a home of its own it creates ~/.cache and ~/.cache/mxm-runtime, both 0700.
    const own = join(dir, 'own');
    mkdirSync(own);
    expect(load({ ...env, HOME: own }).result).toMatchObject({ answer: 42 });
    expect(statSync(join(own, '.cache')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(own, '.cache', 'mxm-runtime'))).toHaveLength(1);
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
    const r = load({}, `setTimeout(() => process.stderr.write(require('node:fs').readdirSync(${JSON.stringify(cache)}).join(',')), 2500); setTimeout(() => {}, 4000);`);
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
    const loaded = loadBundle({ file: bundle, cacheName: 'test', require: askerRequire }, { ...process.env, MXM_RUNTIME_CODE_CACHE: cache });
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
