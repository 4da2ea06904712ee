/**
 * Reliability catalogue — budgets: small hostile inputs that would spin a CPU, eat memory or
 * overflow the stack end in a typed error naming the limit and where it was hit. Memory is bounded
 * for real: the worst cases run in a CLI process with a 96 MB heap.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEFAULT_CONFIG_LIMITS, loadConfig } from '../../src/index.js';
import { globMatches, matchMachineAlias } from '../../src/discovery/machine-aliases.js';
import { FileReadError, readRegularFileSync } from '../../src/files/read-regular-file.js';
import { CLI } from '../helpers/cli.js';
import { errorOf, loadLayers } from '../helpers/config.js';
import { DEMO, tempDir, tempStore } from '../helpers/temp-store.js';

const limitError = (layers: Record<string, string>, options = {}) => {
  const error = errorOf<ConfigError>(() => loadLayers(layers, options));
  expect(error).toBeInstanceOf(ConfigError);
  expect(error.code).toBe('CONFIG_LIMIT_EXCEEDED');
  return error;
};

/** Runs the CLI on a store with a small heap: an unbounded expansion would crash it, not fail cleanly. */
function cliWithSmallHeap(layers: Record<string, string>, extra: string[] = []) {
  const store = tempStore(layers);
  try {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MXM_')));
    const r = spawnSync(process.execPath, ['--max-old-space-size=96', '--stack-size=984', CLI, 'config', '--json', '--app', 'demo', '--env', 'dev', '--role', 'research', '--machine', 'bridge', '--substrate', 'local-process', '--store-root', store.root, ...extra], {
      env: clean,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  } finally {
    store.cleanup();
  }
}

/** `a0` of 1 KB, then each key twice the one before: 40 keys would make a terabyte. */
const DOUBLING = `a0: "${'x'.repeat(1024)}"\n${Array.from({ length: 40 }, (_, i) => `a${i + 1}: "\${a${i}}\${a${i}}"`).join('\n')}\n`;
/** Lists that copy the list before them fifty times: a mapping or list fan-out. */
const LIST_FANOUT = `l0: [${Array.from({ length: 50 }, (_, i) => i).join(', ')}]\n${Array.from({ length: 8 }, (_, i) => `l${i + 1}: [${Array(50).fill(`"\${l${i}}"`).join(', ')}]`).join('\n')}\n`;
const MAP_FANOUT = `m0: {${Array.from({ length: 50 }, (_, i) => `k${i}: v`).join(', ')}}\n${Array.from({ length: 8 }, (_, i) => `m${i + 1}: {${Array.from({ length: 50 }, (_, j) => `k${j}: "\${m${i}}"`).join(', ')}}`).join('\n')}\n`;

describe('reliability: interpolation budgets', () => {
  it('a string-doubling chain in a 2 KB file ends at maxInterpolationOutput, naming the key', () => {
    const error = limitError({ default: DOUBLING });
    expect(Buffer.byteLength(DOUBLING)).toBeLessThan(3000);
    expect(error.message).toMatch(/^Interpolation output \(reached at 'a\d+' \(from default apps\/demo\/default\.yaml:\d+\)\) exceeds the limit maxInterpolationOutput = 16777216\./);
  });
  it('a list fan-out ends at maxInterpolationOutput', () => {
    expect(limitError({ default: LIST_FANOUT }).message).toMatch(/maxInterpolationOutput/);
  });
  it('a mapping fan-out ends at maxInterpolationOutput', () => {
    expect(limitError({ default: MAP_FANOUT }).message).toMatch(/maxInterpolationOutput/);
  });
  it('each of them runs in a process with a 96 MB heap and fails cleanly: bounded memory, no crash', () => {
    for (const layer of [DOUBLING, LIST_FANOUT, MAP_FANOUT]) {
      const r = cliWithSmallHeap({ default: layer });
      expect({ code: r.code, signal: r.signal }).toEqual({ code: 1, signal: null });
      expect(r.stderr).toMatch(/^error: .*exceeds the limit maxInterpolationOutput/);
      expect(r.stderr).not.toMatch(/heap|RangeError|Maximum call stack|\n\s+at /);
    }
  });
  it('many small interpolations end at maxResolutions', () => {
    const error = limitError({ default: `a: 1\nb: "${'${a}'.repeat(2000)}"\n` }, { limits: { maxResolutions: 1000 } });
    expect(error.message).toMatch(/exceeds the limit maxResolutions = 1000/);
  });
  it('`${` nested 5000 deep ends at maxExpressionNesting, not a stack overflow', () => {
    const deep = `${'${a.'.repeat(5000)}x${'}'.repeat(5000)}`;
    const error = limitError({ default: `a: 1\nb: "${deep}"\n` });
    expect(error.message).toMatch(/The interpolation at 'b' .* exceeds the limit maxExpressionNesting = 64/);
  });
  it('a reference chain longer than maxReferenceDepth', () => {
    const chain = Array.from({ length: 300 }, (_, i) => `k${i}: \${k${i + 1}}`).join('\n');
    expect(limitError({ default: `${chain}\nk300: end\n` }).message).toMatch(/maxReferenceDepth = 128/);
  });
  it('a reference with 10 000 segments ends at maxKeyPathSegments', () => {
    const error = limitError({ default: `a: 1\nb: \${${Array(10_000).fill('x').join('.')}}\n` });
    expect(error.message).toMatch(/exceeds the limit maxKeyPathSegments = 256/);
  });
  it('limits are configurable: a lower one stops what the default allows, a higher one allows more', () => {
    const layers = { default: `a: "${'y'.repeat(1000)}"\nb: "\${a}\${a}"\n` };
    expect(loadLayers(layers).get<string>('b')).toHaveLength(2000);
    expect(limitError(layers, { limits: { maxInterpolationOutput: 1500 } }).message).toMatch(/maxInterpolationOutput = 1500/);
    const chain = Array.from({ length: 150 }, (_, i) => `k${i}: \${k${i + 1}}`).join('\n');
    expect(loadLayers({ default: `${chain}\nk150: end\n` }, { limits: { maxReferenceDepth: 200 } }).get('k0')).toBe('end');
  });
  it('a limit that is not a positive integer, or an unknown one, is refused', () => {
    for (const limits of [{ maxResolutions: 0 }, { maxResolutions: Infinity }, { maxResolutions: 1.5 }, { maxDepth: 3 }]) {
      const error = errorOf<ConfigError>(() => loadLayers({ default: 'a: 1\n' }, { limits: limits as never }));
      expect(error.code).toBe('CONFIG_LIMIT_INVALID');
    }
    expect(DEFAULT_CONFIG_LIMITS.maxFileBytes).toBe(4 * 1024 * 1024);
  });
});

describe('reliability: override budgets', () => {
  it('--set with a key of 10 000 segments is a limit error from the CLI: no stack overflow, no trace', () => {
    const r = cliWithSmallHeap({ default: 'a: 1\n' }, ['--set', `${Array(10_000).fill('k').join('.')}=1`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Key path 'k\.k\.k.*…' \(19999 characters\) exceeds the limit maxKeyPathSegments = 256/);
    expect(r.stderr).not.toMatch(/RangeError|Maximum call stack|\n\s+at /);
  });
  it('an overrides object nested 10 000 deep (library) is a limit error', () => {
    let nested: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10_000; i += 1) nested = { n: nested };
    const error = errorOf<ConfigError>(() => loadLayers({ default: 'a: 1\n' }, { overrides: nested }));
    expect(error.code).toBe('CONFIG_LIMIT_EXCEEDED');
  });
});

describe('reliability: machines.yaml globs run in linear time', () => {
  it('a pathological pattern against a long host name finishes, with the right answer', () => {
    const host = 'a'.repeat(253);
    const pattern = `${'*a'.repeat(30)}*b`;
    expect(globMatches(pattern, host)).toBe(false);
    expect(globMatches(`${'*a'.repeat(30)}*`, host)).toBe(true);
    expect(matchMachineAlias([{ pattern, machine: 'x' }, { pattern: '*', machine: 'fallback' }], host)?.machine).toBe('fallback');
  });
  it('matches as globs do: * any run, ? one character, case ignored, anchored at both ends', () => {
    expect(globMatches('ci-runner-*', 'CI-Runner-17')).toBe(true);
    expect(globMatches('ci-runner-?', 'ci-runner-17')).toBe(false);
    expect(globMatches('*.local', 'bridge.local')).toBe(true);
    expect(globMatches('*.local', 'bridge.localhost')).toBe(false);
    expect(globMatches('a*b*c', 'axxbyyc')).toBe(true);
    expect(globMatches('', '')).toBe(true);
    expect(globMatches('[a]', '[a]')).toBe(true);
  });
});

describe('reliability: every file is a regular file read within a cap', () => {
  const envFileError = (setup: (path: string) => void) => {
    const dir = tempDir({ 'apps/demo/default.yaml': 'a: ${oc.env:X,d}\n' });
    const path = join(dir.root, 'vars.env');
    setup(path);
    try {
      return errorOf<ConfigError>(() => loadConfig({ identity: DEMO, storeRoot: dir.root, env: {}, envFile: path }));
    } finally {
      dir.cleanup();
    }
  };
  it('an env file that is a FIFO is refused (it would block)', () => {
    const error = envFileError((p) => spawnSync('mkfifo', [p]));
    expect(error.code).toBe('CONFIG_ENV_FILE_INVALID');
    expect(error.message).toMatch(/vars\.env is not a regular file \(a FIFO, socket or device\)/);
  });
  it('/dev/zero as an env file is refused', () => {
    const error = errorOf<ConfigError>(() => loadLayers({ default: 'a: 1\n' }, { envFile: '/dev/zero' }));
    expect(error.message).toBe('Env file /dev/zero is not a regular file (a FIFO, socket or device).');
  });
  it('an env file that is not UTF-8 is an error, not silently ignored', () => {
    const error = envFileError((p) => writeFileSync(p, Buffer.from([0x58, 0x3d, 0xff, 0xfe, 0x0a])));
    expect(error.message).toMatch(/vars\.env is not valid UTF-8/);
  });
  it('an env file over the size cap is refused', () => {
    const dir = tempDir({ 'apps/demo/default.yaml': 'a: 1\n', 'big.env': `X=${'y'.repeat(5000)}\n` });
    try {
      const error = errorOf<ConfigError>(() => loadConfig({ identity: DEMO, storeRoot: dir.root, env: {}, envFile: join(dir.root, 'big.env'), limits: { maxFileBytes: 1024 } }));
      expect(error.message).toMatch(/big\.env is 0\.0 MiB, over the limit of 0\.0 MiB|big\.env is .* over the limit/);
    } finally {
      dir.cleanup();
    }
  });
  it('a missing env file says it does not exist', () => {
    expect(envFileError(() => undefined).message).toMatch(/vars\.env does not exist/);
  });
  it('a config layer over a configured maxFileBytes is refused before it is read', () => {
    const error = errorOf<ConfigError>(() => loadLayers({ default: `a: "${'z'.repeat(4096)}"\n` }, { limits: { maxFileBytes: 1024 } }));
    expect(error.code).toBe('CONFIG_YAML_LIMIT');
  });
  it('a socket where machines.yaml belongs is refused', () => {
    const dir = tempDir({ 'apps/demo/default.yaml': 'a: 1\n' });
    const server = spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(join(dir.root, 'machines.yaml'))}, () => process.exit(0))`]);
    expect(server.status).toBe(0);
    try {
      const error = errorOf<ConfigError>(() => readRegularFileSync(join(dir.root, 'machines.yaml'), 1024));
      expect(error).toBeInstanceOf(FileReadError);
      expect(error.message).toBe('is not a regular file (a FIFO, socket or device)');
    } finally {
      dir.cleanup();
    }
  });
  it('permission denied is reported as such, with the path (read by an unprivileged user)', () => {
    const dir = tempDir({});
    chmodSync(dir.root, 0o755);
    const file = join(dir.root, 'locked.env');
    writeFileSync(file, 'X=1\n', { mode: 0o000 });
    try {
      // Root reads any file: the read runs as nobody. (Through the library: Node 20 itself checks a CLI's `--env-file` argument.)
      const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [process.execPath];
      const library = new URL('../../dist/src/config/env-file.js', import.meta.url).href;
      const script = `import(${JSON.stringify(library)}).then((m) => m.envLookup(${JSON.stringify(file)}), (e) => { throw e; }).catch((e) => { process.stdout.write(e.code + ': ' + e.message); })`;
      const r = spawnSync(asNobody[0] as string, [...asNobody.slice(1), '-e', script], { encoding: 'utf8' });
      expect(r.stdout).toBe(`CONFIG_ENV_FILE_INVALID: Env file ${file} cannot be read: permission denied.`);
    } finally {
      dir.cleanup();
    }
  });
});
