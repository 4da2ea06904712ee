/**
 * The package as a user meets it: the packed tarball installed into a fresh project with the
 * README's install lines, the README's tsconfig (strict, no skipLibCheck), its application, jest
 * config and snapshot test, and CommonJS — compiled with the real tsc and run with this Node.
 *
 * `npm test` builds before jest runs; the tarball is packed from that build (`--ignore-scripts`,
 * so packing does not build a second time). npm reads the registry cache first (`--prefer-offline`):
 * the packages are the repository's own dev dependencies, already in the cache after `npm ci`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { README, readmeBlock } from '../helpers/readme-blocks.js';

const REPO = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
/** The install lines the README gives in prose: jest, and esbuild for the bundle. */
const JEST_INSTALL = 'npm install --save-dev jest@30 ts-jest@29 @jest/globals@30';
const ESBUILD_INSTALL = 'npm install --save-dev esbuild@0.28';
/** The example store names a postgres database: its driver is the optional peer dependency. */
const PG_INSTALL = 'npm install pg@8';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without the caller's MXM_* variables; `env` adds variables. */
function run(command: string, args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Run {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MXM_') && k !== 'NODE_OPTIONS' && !k.startsWith('JEST_')));
  const r = spawnSync(command, args, { cwd, env: { ...clean, ...env }, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error === undefined ? '' : String(r.error)}` };
}

/** Runs and fails with its output when the exit code is not 0. */
function ok(command: string, args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Run {
  const r = run(command, args, cwd, env);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

const node = (args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}) => run(process.execPath, args, cwd, env);
const write = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

let work: string;
let app: string;
let tarball: string;
let packedFiles: string[];
let tsc: Run;
let tscCjs: Run;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mxm-consumer-'));
  app = join(work, 'app');
  mkdirSync(app);

  const packed = JSON.parse(ok(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO).stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, packed[0]?.filename ?? '');
  packedFiles = (packed[0]?.files ?? []).map((f) => f.path);

  write(join(app, 'package.json'), JSON.stringify({ name: 'consumer-app', version: '1.0.0', private: true, type: 'module' }, null, 2));
  for (const line of readmeBlock('install').code.trim().split('\n')) {
    const [npm, ...args] = line.trim().split(/\s+/);
    expect(npm).toBe('npm');
    ok(NPM, [...args.map((a) => (a === 'mxm-runtime' ? tarball : a)), ...NPM_FLAGS], app);
  }
  for (const line of [JEST_INSTALL, ESBUILD_INSTALL, PG_INSTALL]) {
    expect(readFileSync(README, 'utf8')).toContain(line);
    ok(NPM, [...line.split(' ').slice(1), ...NPM_FLAGS], app);
  }

  cpSync(join(REPO, 'examples/store'), join(app, 'store'), { recursive: true });
  // Values that name the home and the temp directory, which a snapshot must show the same everywhere.
  appendFileSync(join(app, 'store/apps/demo/default.yaml'), 'host_paths:\n  cache: ${home:}/.cache/demo\n  scratch: ${oc.env:TMPDIR,/tmp}/demo\n');
  write(join(app, 'store-typed/apps/typed/default.yaml'), "billing:\n  currency: GBP\nserver:\n  port: '9090'\nmxm_paths: {data_root: /srv/d, artifact_root: /srv/a, export_root: /srv/e, log_root: /srv/l}\n");
  write(join(app, 'tsconfig.json'), readmeBlock('tsconfig.json').code);
  for (const file of ['src/app.ts', 'src/main.ts', 'src/readme-application.ts', 'jest.config.js', 'test/report.test.ts', 'build.mjs']) write(join(app, file), readmeBlock(file).code);
  cpSync(join(REPO, 'test/consumer/app/typed.ts'), join(app, 'src/typed.ts'));

  const cjs = join(app, 'cjs');
  write(join(cjs, 'package.json'), JSON.stringify({ name: 'consumer-cjs', private: true, type: 'commonjs' }));
  write(join(cjs, 'tsconfig.json'), readmeBlock('tsconfig.json').code);
  write(join(cjs, 'src/main.ts'), readmeBlock('cjs/src/main.ts').code);
  write(join(cjs, 'plain.cjs'), readmeBlock('cjs/plain.cjs').code);

  const tscBin = join(app, 'node_modules/typescript/bin/tsc');
  tsc = node([tscBin, '-p', '.'], app);
  tscCjs = node([tscBin, '-p', 'cjs'], app);
}, 600_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('the packed package in a fresh project', () => {
  it('ships the licence, README, changelog, declarations, the bundled entries and the bin, and no tests or sources', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'dist/bundle/index.js', 'dist/bundle/index.cjs', 'dist/bundle/postgres.js', 'dist/bundle/postgres.cjs', 'dist/bundle/library.cjs', 'dist/bundle/library-loader.cjs', 'dist/bundle/load-bundle.cjs', 'dist/bundle/module/index.js', 'dist/bundle/module/postgres.js', 'dist/bin/mxm-runtime.cjs', 'dist/src/cli/cli.bundle.cjs', 'examples/store/apps/demo/default.yaml', 'examples/store/machines.yaml']));
    expect(packedFiles.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.includes('.test.') || f.startsWith('dist/test') || f.startsWith('dist/bench'))).toEqual([]);
  });

  it('runs no build or other script when installed', () => {
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/mxm-runtime/package.json'), 'utf8')) as { scripts?: Record<string, string> };
    expect(Object.keys(installed.scripts ?? {}).filter((s) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(s))).toEqual([]);
    expect(readFileSync(join(app, 'node_modules/mxm-runtime/LICENSE'), 'utf8')).toContain('MIT License');
  });

  it('installs inversify once, as the peer dependency the application shares', () => {
    expect(existsSync(join(app, 'node_modules/inversify/package.json'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/mxm-runtime/node_modules/inversify'))).toBe(false);
  });

  it('compiles the application under strict without skipLibCheck, with every @ts-expect-error an error', () => {
    expect(readFileSync(join(app, 'tsconfig.json'), 'utf8')).not.toContain('skipLibCheck');
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.code).toBe(0);
  });

  it('type-checks the application under moduleResolution bundler too', () => {
    const r = node([join(app, 'node_modules/typescript/bin/tsc'), '-p', '.', '--noEmit', '--module', 'preserve', '--moduleResolution', 'bundler'], app);
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.code).toBe(0);
  });

  it('runs the README application and reads its typed configuration', () => {
    const r = node(['dist/main.js'], app, { MXM_CONFIG_STORE: join(app, 'store') });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^hello: 42 samples in USD, data in \/\S+\n$/);
  });

  it('runs the README "Use it in an application" example against the example store', () => {
    const r = node(['dist/readme-application.js'], app, { MXM_CONFIG_STORE: join(app, 'store') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('coerces a quoted port to a number and reads typed values at run time', () => {
    const r = node(['dist/typed.js', join(app, 'store-typed')], app);
    expect(r.stderr).toBe('');
    const values = JSON.parse(r.stdout) as unknown[];
    expect(values.slice(0, 8)).toEqual(['GBP', 9090, 'free', null, '/srv/d', 'none', 0, 42]);
    expect(values[8]).toMatch(/^typed\/dev\/[^/]+\/[^/]+\/research$/);
    expect(values[9]).toEqual(['port']);
  });

  it('runs the README jest snapshot test, and the snapshot is equal under another HOME and TMPDIR', () => {
    const jest = join(app, 'node_modules/jest/bin/jest.js');
    const env = (name: string, home: string) => {
      const tmp = join(work, name);
      mkdirSync(join(tmp, home), { recursive: true });
      return { HOME: join(tmp, home), TMPDIR: tmp, MXM_CONFIG_STORE: '/nonexistent' };
    };
    const first = node(['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', jest, '--ci=false'], app, env('tmp-a', 'home'));
    expect(`${first.code} ${first.stderr}`).toMatch(/^0 [\s\S]*1 snapshot written/);
    const snapshot = readFileSync(join(app, 'test/__snapshots__/report.test.ts.snap'), 'utf8');
    expect(snapshot).toContain('"data_root": "~/mxm-demo/data"');
    expect(snapshot).toContain('"cache": "~/.cache/demo"');
    expect(snapshot).toContain('"scratch": "<tmp>/demo"');
    expect(snapshot).not.toContain(work);
    // The home inside the temp directory this time, and --ci: a changed snapshot fails.
    const second = node(['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', jest, '--ci'], app, env('tmp-b', 'h'));
    expect(`${second.code} ${second.stderr}`).toMatch(/^0 [\s\S]*1 passed/);
    expect(readFileSync(join(app, 'test/__snapshots__/report.test.ts.snap'), 'utf8')).toBe(snapshot);
  });

  it('bundles with esbuild (no decorator metadata, explicit @inject) and the bundle runs', () => {
    ok(process.execPath, ['build.mjs'], app);
    const r = node(['bundle/main.mjs'], app, { MXM_CONFIG_STORE: join(app, 'store') });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^hello: 42 samples in USD, data in \/\S+\n$/);
  });

  it("bundles with esbuild's default, CommonJS output too, where import.meta is empty", () => {
    const script = `require('esbuild').buildSync({ entryPoints: ['cjs/plain.cjs'], bundle: true, platform: 'node', outfile: 'bundle/plain.cjs', logLevel: 'error' });`;
    ok(process.execPath, ['-e', script], app);
    const r = node(['bundle/plain.cjs'], app, { MXM_CONFIG_STORE: join(app, 'store') });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('USD\n');
  });

  it("loads with require('mxm-runtime') from plain CommonJS", () => {
    const r = node(['cjs/plain.cjs'], app, { MXM_CONFIG_STORE: join(app, 'store') });
    expect(r.stderr.replace(/^.*ExperimentalWarning.*\n(.*--trace-warnings.*\n)?/gm, '')).toBe('');
    expect(r.stdout).toBe('USD\n');
  });

  it('type-checks and runs a CommonJS TypeScript project', () => {
    expect(`${tscCjs.stdout}${tscCjs.stderr}`).toBe('');
    expect(readFileSync(join(app, 'cjs/dist/main.js'), 'utf8')).toContain('require("mxm-runtime")');
    const r = node(['cjs/dist/main.js'], app, { MXM_CONFIG_STORE: join(app, 'store') });
    expect(r.stdout).toMatch(/^demo\/dev\/[^/]+\/[^/]+\/research\n$/);
  });

  it('names a mismatched inversify: inversify 7 installed where the peer dependency wants 8', () => {
    // --legacy-peer-deps is how such an install happens: npm then neither installs nor checks peers.
    const old = join(work, 'inversify7');
    write(join(old, 'package.json'), JSON.stringify({ name: 'consumer-inversify7', private: true, type: 'module' }));
    ok(NPM, ['install', '--legacy-peer-deps', tarball, 'inversify@7', ...NPM_FLAGS], old);
    write(
      join(old, 'main.js'),
      "import { buildRuntimeContext } from 'mxm-runtime';\n" +
        "try { await buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', role: 'research' } }); } catch (error) { console.log(error.code); console.log(error.message); }\n",
    );
    const r = node(['main.js'], old, { MXM_CONFIG_STORE: join(app, 'store') });
    expect(r.stderr).toBe('');
    const [code, ...message] = r.stdout.split('\n');
    expect(code).toBe('INVERSIFY_VERSION_MISMATCH');
    expect(message.join('\n')).toMatch(/needs inversify 8\.x .*but inversify 7\.\d+\.\d+ is installed at .*node_modules\/inversify/);
  });

  it('leaves no stray build output in the project', () => {
    expect(readdirSync(join(app, 'dist')).sort()).toEqual(['app.js', 'main.js', 'readme-application.js', 'typed.js']);
  });
});
