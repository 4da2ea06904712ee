/**
 * Reliability catalogue — processes the runtime starts, it ends. Backend programs are stand-ins
 * (shell scripts with pass's or gopass's contract) that hang, fork, leave daemons holding the
 * pipes, or print what a busy gpg-agent prints; a real pass store checks the process-wide
 * concurrency limit. Every test checks that no process it caused is left running.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { buildRuntimeContext, GopassSecretBackend, SecretsApi, SecretsError } from '../../src/index.js';
import { FileReadError, readRegularFileSync } from '../../src/files/read-regular-file.js';
import { CLI } from '../helpers/cli.js';
import { fakeProgram } from '../helpers/fake-program.js';
import { createPassStore, describeWithPass } from '../helpers/pass-store.js';
import { DEMO, tempDir, tempStore } from '../helpers/temp-store.js';

const identity = { ...DEMO };

/** Whether a process is still running (a zombie waiting for its reaper counts as ended). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Waits, within a bound, for something outside this process (a file a program writes) to become true. */
async function until(what: string, condition: () => boolean, boundMs = 15_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pidsIn = (file: string): number[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : []);

/** A gopass stand-in that answers `ls` (readiness) and runs `script` for `show`. */
function fakeGopass(script: string) {
  return fakeProgram('gopass', `[ "$1" = ls ] && exit 0\n${script}`);
}

function gopassApi(bin: string, storeOptions: Record<string, unknown> = {}) {
  return SecretsApi.fromConfigData(
    { stores: { g: { backend: 'gopass', root: 'mxm', ...storeOptions } }, policies: { p: { allowed_principals: ['research'] } }, refs: { t: { store: 'g', path: 'token', policy: 'p' } } },
    { backends: [new GopassSecretBackend(bin)], identity },
  );
}

async function rejection(promise: Promise<unknown>): Promise<SecretsError> {
  try {
    await promise;
  } catch (error) {
    return error as SecretsError;
  }
  throw new Error('expected a rejection');
}

describe('reliability: a backend read always settles', () => {
  it('when the program exits but a daemon in another session keeps its stdout open: at its timeout, with its value', async () => {
    const fake = fakeGopass(`dir="${'$'}{0%/*}"\nsetsid sh -c "echo \\$\\$ > '$dir/daemon'; exec sleep 300" &\nwhile [ ! -s "$dir/daemon" ]; do :; done\necho the-value`);
    try {
      // It settles when the timeout fires (the daemon may hold the pipes for ever), with the program's value.
      expect(await gopassApi(fake.bin, { timeout_ms: 1000 }).getSecret('t')).toBe('the-value');
      const [daemon] = pidsIn(join(fake.root, 'daemon'));
      // The daemon left our process group on purpose; it is not ours to kill, but it no longer holds us.
      expect(daemon !== undefined && alive(daemon)).toBe(true);
      process.kill(daemon as number, 'SIGKILL');
    } finally {
      fake.cleanup();
    }
  });

  it('when it times out while a grandchild holds the pipe: the timeout fires, the group is killed', async () => {
    const fake = fakeGopass(`sleep 300 &\necho $! >> "${'$'}{0%/*}/pids"\necho $$ >> "${'$'}{0%/*}/pids"\nwait`);
    try {
      const error = await rejection(gopassApi(fake.bin, { timeout_ms: 300 }).getSecret('t'));
      expect(error.code).toBe('SECRET_TIMEOUT');
      const pids = pidsIn(join(fake.root, 'pids'));
      expect(pids).toHaveLength(2);
      await until('the process group to end', () => pids.every((p) => !alive(p)));
    } finally {
      fake.cleanup();
    }
  });
});

describe('reliability: abandoning reads', () => {
  it('an AbortSignal ends a read in flight and kills its process tree', async () => {
    const fake = fakeGopass(`sleep 300 &\necho $! >> "${'$'}{0%/*}/pids"\necho $$ >> "${'$'}{0%/*}/pids"\nwait`);
    try {
      const controller = new AbortController();
      const read = gopassApi(fake.bin).getSecret('t', { signal: controller.signal });
      await until('the backend to start', () => pidsIn(join(fake.root, 'pids')).length === 2);
      controller.abort();
      const error = await rejection(read);
      expect(error.code).toBe('SECRET_READ_ABORTED');
      expect(error.message).toBe('Secret g:t: the read was abandoned (aborted by the caller).');
      const pids = pidsIn(join(fake.root, 'pids'));
      await until('the process tree to end', () => pids.every((p) => !alive(p)));
    } finally {
      fake.cleanup();
    }
  });

  it('an already-aborted signal never starts the backend', async () => {
    const fake = fakeGopass('echo value');
    try {
      const error = await rejection(gopassApi(fake.bin).getSecret('t', { signal: AbortSignal.abort() }));
      expect(error.code).toBe('SECRET_READ_ABORTED');
      expect(fake.argv()).toBe('');
    } finally {
      fake.cleanup();
    }
  });

  it('a read waiting for a free slot leaves the queue when aborted; the slot holder is unaffected', async () => {
    const fake = fakeGopass(`echo $$ >> "${'$'}{0%/*}/pids"\nsleep 1\necho value`);
    try {
      const api = gopassApi(fake.bin, { max_concurrency: 1, root: `mxm-queue-${Date.now()}` });
      const first = api.getSecret('t');
      const controller = new AbortController();
      const second = api.getSecret('t', { signal: controller.signal });
      await until('the first read to start', () => pidsIn(join(fake.root, 'pids')).length === 1);
      controller.abort();
      expect((await rejection(second)).code).toBe('SECRET_READ_ABORTED');
      expect(await first).toBe('value');
      expect(pidsIn(join(fake.root, 'pids'))).toHaveLength(1);
    } finally {
      fake.cleanup();
    }
  });

  // gopass is asked `gopass ls` before its first read (its readiness check, 10 s timeout): a stand-in
  // whose ls hangs shows that the check ends with its asker, well before its own timeout.
  it.each([
    ['a read abandoned by dispose()', async (api: SecretsApi): Promise<unknown> => (await rejection(api.getSecret('t'))).code, 'SECRET_READ_ABORTED'],
    ['secrets check (checkReady) cut short by dispose()', async (api: SecretsApi): Promise<unknown> => (await api.checkReady())[0]?.ready, false],
  ])('%s ends the readiness check it started', async (_, ask, expected) => {
    const dir = tempDir({});
    const bin = join(dir.root, 'gopass');
    writeFileSync(bin, `#!/bin/sh\nif [ "$1" = ls ]; then echo $$ >> "${dir.root}/pids"; sleep 300; fi\necho value\n`);
    chmodSync(bin, 0o755);
    try {
      const api = gopassApi(bin);
      const answer = ask(api);
      await until('the readiness check to start', () => pidsIn(join(dir.root, 'pids')).length === 1);
      api.dispose();
      const pids = pidsIn(join(dir.root, 'pids'));
      await until('the readiness check to end', () => pids.every((p) => !alive(p)), 5_000);
      expect(await answer).toBe(expected);
    } finally {
      dir.cleanup();
    }
  });

  it('dispose() of the context abandons reads still running, and nothing outlives it', async () => {
    const fake = fakeGopass(`sleep 300 &\necho $! >> "${'$'}{0%/*}/pids"\necho $$ >> "${'$'}{0%/*}/pids"\nwait`);
    const store = tempStore({
      default: `mxm_secrets:\n  stores: {g: {backend: gopass, root: mxm, timeout_ms: 600000}}\n  policies: {p: {allowed_principals: [research]}}\n  refs: {t: {store: g, path: token, policy: p}}\n`,
    });
    const savedPath = process.env['PATH'];
    process.env['PATH'] = `${fake.root}:${savedPath ?? ''}`;
    try {
      const context = await buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', role: 'research' }, storeRoot: store.root, env: { MXM_MACHINE: 'm', MXM_SUBSTRATE: 'local-process' } });
      const read = context.secrets.getSecret('t');
      await until('the backend to start', () => pidsIn(join(fake.root, 'pids')).length === 2);
      await context.dispose();
      const error = await rejection(read);
      expect(error.code).toBe('SECRET_READ_ABORTED');
      expect(error.message).toMatch(/the secrets service was disposed/);
      const pids = pidsIn(join(fake.root, 'pids'));
      await until('the process tree to end', () => pids.every((p) => !alive(p)));
    } finally {
      process.env['PATH'] = savedPath;
      fake.cleanup();
      store.cleanup();
    }
  });
});

describe('reliability: the CLI ends what it started when it is interrupted', () => {
  const store = tempStore({
    default: `mxm_secrets:\n  stores: {g: {backend: gopass, root: mxm, timeout_ms: 600000}}\n  policies: {p: {allowed_principals: [research]}}\n  refs: {t: {store: g, path: token, policy: p}}\n`,
  });
  afterAll(() => store.cleanup());

  // The store's timeout is the longest allowed: on a loaded machine the backend must still be running when the signal arrives.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal}: exits ${code}, and the backend and its child are gone`, async () => {
      const fake = fakeGopass(`sleep 300 &\necho $! >> "${'$'}{0%/*}/pids"\necho $$ >> "${'$'}{0%/*}/pids"\nwait`);
      try {
        const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MXM_')));
        const child = spawn(process.execPath, [CLI, 'secrets', 'get', 't', '--app', 'demo', '--env', 'dev', '--role', 'research', '--machine', 'm', '--substrate', 'local-process', '--store-root', store.root], {
          env: { ...clean, PATH: `${fake.root}:${process.env['PATH'] ?? ''}` },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
        await until('the backend to start', () => pidsIn(join(fake.root, 'pids')).length === 2);
        child.kill(signal);
        expect(await exited).toBe(code);
        expect(stderr).toBe('');
        const pids = pidsIn(join(fake.root, 'pids'));
        await until('the process tree to end', () => pids.every((p) => !alive(p)));
      } finally {
        fake.cleanup();
      }
    });
  }

  it('SIGTERM during a long parse (no backend running) ends the CLI at once, by the signal itself', async () => {
    const big = tempStore({ default: Array.from({ length: 200_000 }, (_, i) => `k${i}: ${i}`).join('\n') });
    try {
      const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MXM_')));
      const child = spawn(process.execPath, [CLI, 'config', '--json', '--app', 'demo', '--env', 'dev', '--role', 'research', '--machine', 'm', '--substrate', 'local-process', '--store-root', big.root], { env: clean, stdio: 'ignore' });
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      // Busy: it has spent CPU time (field 14 of /proc/<pid>/stat, in clock ticks) parsing.
      await until('the CLI to be busy', () => Number(readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[11] ?? 0) > 20);
      child.kill('SIGTERM');
      // A handler would only run after the parse (seconds later) and exit 143; the default action ends it now.
      expect(await ended).toEqual({ code: null, signal: 'SIGTERM' });
    } finally {
      big.cleanup();
    }
  });

  it('writing to a closed stdout (`config | head -1`) ends quietly, exit 0, no stack trace', () => {
    const big = tempStore({ default: Array.from({ length: 8000 }, (_, i) => `key_${i}: value number ${i}`).join('\n') });
    try {
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" config --app demo --env dev --role research --machine m --substrate local-process --store-root "${big.root}" | head -1; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
      expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toBe('status 0\n');
    } finally {
      big.cleanup();
    }
  });
  it('reports a stdout it cannot write to (a full disk: /dev/full) as one error line, exit 1, not as a bug', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" identity --app demo --env dev --role research --machine m --substrate local-process > /dev/full`], { encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(/^error: Cannot write to stdout: ENOSPC[^\n]*\n$/) });
  });
  it('writes its whole output into a non-blocking pipe that fills up (a parent that set O_NONBLOCK)', () => {
    const big = tempStore({ default: Array.from({ length: 20_000 }, (_, i) => `key_${i}: value number ${i}`).join('\n') });
    try {
      // The parent makes the pipe non-blocking and one page small, then reads it slowly: the CLI's
      // writes meet a full pipe (EAGAIN) and must neither fail nor lose a byte.
      const parent = [
        'import fcntl, os, subprocess, sys, json',
        'r, w = os.pipe()',
        'fcntl.fcntl(w, 1031, 4096)',
        'os.set_blocking(w, False)',
        'p = subprocess.Popen(sys.argv[1:], stdout=w)',
        'os.close(w)',
        'chunks = []',
        'while True:',
        '    chunk = os.read(r, 512)',
        '    if not chunk: break',
        '    chunks.append(chunk)',
        'data = b"".join(chunks)',
        'print(p.wait(), len(json.loads(data)))',
      ].join('\n');
      const r = spawnSync('python3', ['-c', parent, process.execPath, CLI, 'config', '--json', '--app', 'demo', '--env', 'dev', '--role', 'research', '--machine', 'm', '--substrate', 'local-process', '--store-root', big.root], { encoding: 'utf8' });
      expect({ stdout: r.stdout, stderr: r.stderr }).toEqual({ stdout: '0 20000\n', stderr: '' });
    } finally {
      big.cleanup();
    }
  });
});

describe('reliability: a busy gpg-agent', () => {
  it('is retried once, then reported as unavailable — not as a missing key', async () => {
    const busy = fakeProgram('pass', `echo "gpg: can't connect to the agent: IPC connect call failed" >&2\nexit 2`);
    const dir = tempDir({ 'store/.gpg-id': 'ABC\n' });
    const savedPath = process.env['PATH'];
    process.env['PATH'] = `${busy.root}:${savedPath ?? ''}`;
    try {
      const { PassSecretBackend } = await import('../../src/index.js');
      const api = SecretsApi.fromConfigData(
        { stores: { s: { backend: 'pass', root: 'mxm', store_dir: join(dir.root, 'store') } }, policies: { p: { allowed_principals: ['research'] } }, refs: { t: { store: 's', path: 'token', policy: 'p' } } },
        { backends: [new PassSecretBackend()], identity },
      );
      const error = await rejection(api.getSecret('t'));
      expect(error.code).toBe('SECRET_BACKEND_UNAVAILABLE');
      expect(error.message).toBe('Secret s:t: the pass backend is unavailable: gpg-agent is busy or unreachable.');
      expect(busy.argv().split('\n').filter(Boolean)).toHaveLength(2);
    } finally {
      process.env['PATH'] = savedPath;
      busy.cleanup();
      dir.cleanup();
    }
  });
});

describeWithPass()('reliability: one concurrency limit per store per process (real pass store)', () => {
  it('two SecretsApi instances over one store never run more reads at once than the store allows', async () => {
    const store = createPassStore();
    // A pass that notes when it runs while another is still running, then runs the real pass.
    const watch = tempDir({});
    const realPass = spawnSync('sh', ['-c', 'command -v pass'], { encoding: 'utf8' }).stdout.trim();
    const shim = fakeProgram('pass', `if ! mkdir "${watch.root}/running" 2>/dev/null; then echo overlap >> "${watch.root}/overlaps"; fi\n"${realPass}" "$@"; rc=$?\nrmdir "${watch.root}/running" 2>/dev/null\nexit $rc`);
    const savedPath = process.env['PATH'];
    process.env['PATH'] = `${shim.root}:${savedPath ?? ''}`;
    try {
      for (let i = 0; i < 6; i += 1) store.insert(`mxm/limit/t${i}`, `value-${i}\n`);
      const refs = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`t${i}`, `t${i}`]));
      const a = store.secrets('limit', 'mxm/limit', refs, { max_concurrency: 1 });
      const b = store.secrets('limit', 'mxm/limit', refs, { max_concurrency: 1 });
      const values = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).getSecret(`t${i % 6}`)));
      expect(values).toEqual(Array.from({ length: 12 }, (_, i) => `value-${i % 6}`));
      expect(existsSync(join(watch.root, 'overlaps'))).toBe(false);
      expect(shim.argv().split('\n').filter(Boolean)).toHaveLength(12);
    } finally {
      process.env['PATH'] = savedPath;
      shim.cleanup();
      watch.cleanup();
      store.cleanup();
    }
  }, 60_000);
});

describe('reliability: backend options are checked when the context is built', () => {
  const wiring = (options: Record<string, unknown>) => {
    try {
      SecretsApi.fromConfigData(
        { stores: { s: { backend: 'gopass', root: 'mxm', ...options } }, policies: {}, refs: {} },
        { backends: [new GopassSecretBackend()], identity },
      );
    } catch (error) {
      return error as SecretsError;
    }
    throw new Error('expected a wiring error');
  };
  it.each([
    [{ timeout_ms: Infinity }, 'mxm_secrets.stores.s.timeout_ms: must be an integer from 1 to 600000 (milliseconds), got Infinity'],
    [{ timeout_ms: '5s' }, 'mxm_secrets.stores.s.timeout_ms: must be an integer from 1 to 600000 (milliseconds), got string'],
    [{ timeout_ms: -1 }, 'mxm_secrets.stores.s.timeout_ms: must be an integer from 1 to 600000 (milliseconds), got -1'],
    [{ max_output_bytes: 0 }, 'mxm_secrets.stores.s.max_output_bytes: must be an integer from 1 to 67108864 (bytes), got 0'],
    [{ max_concurrency: 2.5 }, 'mxm_secrets.stores.s.max_concurrency: must be an integer from 1 to 256 (reads at once), got 2.5'],
    [{ cache_ttl_seconds: Number.NaN }, 'mxm_secrets.stores.s.cache_ttl_seconds: must be a number from 0 to 86400 (seconds (0: no cache)), got NaN'],
  ])('%j is a build error naming the store and the option', (options, line) => {
    const error = wiring(options);
    expect(error.code).toBe('SECRETS_CONFIG_INVALID');
    expect(error.message).toContain(`  - ${line}`);
  });
});

describe('reliability: secret values and files', () => {
  const files = tempDir({ 'secrets/ok': 'fine\n', 'secrets/big': 'x'.repeat(2 * 1024 * 1024) });
  writeFileSync(join(files.root, 'secrets/binary'), Buffer.from([0x70, 0x77, 0xff, 0xfe, 0x0a]));
  spawnSync('mkfifo', [join(files.root, 'secrets/fifo')]);
  mkdirSync(join(files.root, 'dotenv'));
  spawnSync('mkfifo', [join(files.root, 'dotenv/fifo.env')]);
  afterAll(() => files.cleanup());
  const api = async (path: string, options: Record<string, unknown> = {}) => {
    const { FileSecretBackend, DotenvSecretBackend } = await import('../../src/index.js');
    return SecretsApi.fromConfigData(
      { stores: { f: { backend: 'file', root: join(files.root, 'secrets'), ...options }, d: { backend: 'dotenv', root: join(files.root, 'dotenv/fifo.env') } }, policies: { p: { allowed_principals: ['research'] } }, refs: { t: { store: 'f', path, policy: 'p' }, e: { store: 'd', path: 'X', policy: 'p' } } },
      { backends: [new FileSecretBackend(), new DotenvSecretBackend()], identity },
    );
  };

  it('a FIFO in a file store is refused, not read (it would block)', async () => {
    const error = await rejection((await api('fifo')).getSecret('t'));
    expect(error.code).toBe('SECRET_BACKEND_FAILED');
    expect(error.message).toBe('Secret f:t: the file backend failed: the file is not a regular file (a FIFO, socket or device).');
  });
  it('a dotenv store that is a FIFO is unavailable', async () => {
    const error = await rejection((await api('ok')).getSecret('e'));
    expect(error.code).toBe('SECRET_BACKEND_UNAVAILABLE');
  });
  it('a secret file over the store cap (default 1 MiB) is refused; the store may raise the cap', async () => {
    expect((await rejection((await api('big')).getSecret('t'))).message).toMatch(/the file is 2\.0 MiB, over the limit of 1\.0 MiB/);
    expect(await (await api('big', { max_output_bytes: 4 * 1024 * 1024 })).getSecret('t')).toHaveLength(2 * 1024 * 1024);
  });
  it('a value that is not UTF-8 is refused, never silently changed into U+FFFD', async () => {
    const error = await rejection((await api('binary')).getSecret('t'));
    expect(error.code).toBe('SECRET_BACKEND_FAILED');
    expect(error.message).toMatch(/not valid UTF-8 text/);
  });
  it('a value that is not UTF-8 from pass or gopass is refused the same way', async () => {
    const fake = fakeGopass(`printf 'pw\\377\\376\\n'`);
    try {
      expect((await rejection(gopassApi(fake.bin).getSecret('t'))).message).toMatch(/not valid UTF-8 text/);
    } finally {
      fake.cleanup();
    }
  });
});

describe('reliability: a file that changes while it is read', () => {
  it('is read again, then reported: what stat said before and after the read must agree with the bytes read', () => {
    // /proc/self/status is a regular file whose stat size (0) never matches what a read returns:
    // to the reader it looks exactly like a file being written during every read.
    const error = (() => {
      try {
        readRegularFileSync('/proc/self/status', 1024 * 1024);
      } catch (e) {
        return e as FileReadError;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(FileReadError);
    expect(error.reason).toBe('changed');
    expect(error.message).toBe('changed while it was being read, twice in a row (is something still writing it?)');
  });
  it('a config layer that keeps changing is a clear error naming the file', () => {
    const dir = tempDir({ 'apps/demo/default.yaml': 'a: 1\n' });
    try {
      spawnSync('ln', ['-sf', '/proc/self/status', join(dir.root, 'apps/demo/role.yaml')]);
      const r = spawnSync(process.execPath, [CLI, 'config', '--app', 'demo', '--env', 'dev', '--role', 'research', '--machine', 'm', '--substrate', 'local-process', '--store-root', dir.root], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`error: Configuration file ${join(dir.root, 'apps/demo/role.yaml')} changed while it was being read, twice in a row (is something still writing it?).\n`);
    } finally {
      dir.cleanup();
    }
  });
});
