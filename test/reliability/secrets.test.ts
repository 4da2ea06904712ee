/**
 * Reliability catalogue — secrets: bad wiring, hostile names and paths, argument injection,
 * missing and hanging backends, every exit code, odd outputs, and a passphrase-protected key
 * with no terminal. Authorization always comes before any backend call.
 */
import { readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  BackendFailure,
  FileSecretBackend,
  GopassSecretBackend,
  MemorySecretBackend,
  PassSecretBackend,
  SecretsApi,
  SecretsError,
  type SecretBackend,
} from '../../src/index.js';
import { fakeProgram } from '../helpers/fake-program.js';
import { createPassStore, describeWithPass, type PassStore } from '../helpers/pass-store.js';
import { tempDir } from '../helpers/temp-store.js';

const identity = (role = 'research') => ({ app: 'a', environment: 'dev', machine: 'm', substrate: 'local-process', role });
const CANARY = 'canary-value-5b1e';

/** A backend that counts calls: a denied or invalid request must never reach it. */
class CountingBackend implements SecretBackend {
  readonly name = 'memory';
  calls = 0;
  async read(): Promise<string> {
    this.calls += 1;
    return CANARY;
  }
  async checkReady() {
    return { ready: true };
  }
}

const model = (over: { stores?: object; refs?: object; policies?: object } = {}) => ({
  stores: { vault: { backend: 'memory', root: 'r' }, ...over.stores },
  policies: { desk: { allowed_principals: ['research'] }, ...over.policies },
  refs: { token: { store: 'vault', path: 'desk/token', policy: 'desk' }, ...over.refs },
});

function build(data: object, backends: SecretBackend[] = [new CountingBackend()], role = 'research') {
  return SecretsApi.fromConfigData(data, { backends, identity: identity(role) });
}

function wiringError(data: object): SecretsError {
  try {
    build(data);
  } catch (error) {
    expect(error).toBeInstanceOf(SecretsError);
    expect((error as SecretsError).code).toBe('SECRETS_CONFIG_INVALID');
    return error as SecretsError;
  }
  throw new Error('expected a SecretsConfigError');
}

async function rejection(promise: Promise<unknown>): Promise<SecretsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SecretsError);
    return error as SecretsError;
  }
  throw new Error('expected a rejection');
}

const gopass = (bin: string, path = 'api/token', store: object = {}) =>
  SecretsApi.fromConfigData(
    { stores: { red: { backend: 'gopass', root: 'mxm/red', ...store } }, policies: { p: { allowed_principals: ['research'] } }, refs: { t: { store: 'red', path, policy: 'p' } } },
    { backends: [new GopassSecretBackend(bin)], identity: identity() },
  );

describe('reliability: secrets wiring and names', () => {
  it('an unknown secret name lists the configured ones', async () => {
    const error = await rejection(build(model()).getSecret('nope'));
    expect(error.code).toBe('SECRET_UNKNOWN');
    expect(error.message).toBe("Unknown secret 'nope'. Configured secrets: token.");
  });
  it('a ref to a missing store names the stores there are', () => {
    expect(wiringError(model({ refs: { x: { store: 'gone', path: 'p', policy: 'desk' } } })).message).toMatch(/refs\.x\.store: .*'gone'.*vault/);
  });
  it('a ref to a missing policy names the policies there are', () => {
    expect(wiringError(model({ refs: { x: { store: 'vault', path: 'p', policy: 'gone' } } })).message).toMatch(/refs\.x\.policy: .*'gone'.*desk/);
  });
  it('a store on an unknown backend names the known backends', () => {
    expect(wiringError(model({ stores: { s: { backend: 'vault_enterprise', root: 'x' } } })).message).toMatch(/stores\.s\.backend: .*vault_enterprise.*memory/);
  });
  it('names that break the identifier pattern, all reported at once', () => {
    const error = wiringError({
      stores: { 'Bad-Store': { backend: 'memory', root: 'r' } },
      policies: { 'p p': { allowed_principals: ['Research'] } },
      refs: { '1st': { store: 'Bad-Store', path: 'x', policy: 'p p' } },
    });
    const paths = error.problems.map((p) => p.path).join(' ');
    for (const fragment of ['Bad-Store', 'p p', '1st', 'allowed_principals']) expect(paths).toContain(fragment);
  });
  it('a role that cannot be a principal', async () => {
    const backend = new CountingBackend();
    const error = await rejection(build(model(), [backend], 'Research').getSecret('token'));
    expect(error.code).toBe('SECRET_PRINCIPAL_INVALID');
    expect(backend.calls).toBe(0);
  });
  it('a denied request never reaches the backend and never names the path', async () => {
    const backend = new CountingBackend();
    const error = await rejection(build(model(), [backend], 'execution').getSecret('token'));
    expect(error.code).toBe('SECRET_ACCESS_DENIED');
    expect(error.message).toBe("Access to secret vault:token denied for principal 'execution' (policy 'desk' does not allow it).");
    expect(backend.calls).toBe(0);
  });
  it('a default does not turn a denial into a value', async () => {
    expect((await rejection(build(model(), [new CountingBackend()], 'execution').getSecret('token', { default: 'fallback' }))).code).toBe('SECRET_ACCESS_DENIED');
  });
  it('a section that is not a mapping', () => {
    expect(wiringError(['stores'] as never).message).toMatch(/mxm_secrets: must be a mapping/);
  });
});

describe('reliability: secret paths are checked before any backend runs', () => {
  const cases: [string, string][] = [
    ['..', "'..' segments"],
    ['a/../../etc/passwd', "'..' segments"],
    ['./a', "'.' segments"],
    ['%2e%2e/etc/passwd', 'percent-escapes'],
    ['/etc/passwd', 'relative'],
    ['a\\..\\b', 'backslashes'],
    ['a\u0000b', 'control characters'],
    ['a//b', 'empty segments'],
    [' a', 'whitespace'],
    ['', 'empty'],
    ['-c', "start with '-'"],
    ['--help', "start with '-'"],
    ['a/--version', "start with '-'"],
    ['a\nb', 'control characters'],
  ];
  for (const [path, why] of cases) {
    it(`rejects ${JSON.stringify(path)} (${why}), without echoing it`, () => {
      const backend = new CountingBackend();
      let error: SecretsError | undefined;
      try {
        build(model({ refs: { bad: { store: 'vault', path, policy: 'desk' } } }), [backend]);
      } catch (e) {
        error = e as SecretsError;
      }
      expect(error?.code).toBe('SECRETS_CONFIG_INVALID');
      expect(error?.message).toContain(why);
      if (path.length > 2) expect(error?.message).not.toContain(path);
      expect(backend.calls).toBe(0);
    });
  }
});

describe('reliability: argument injection reaches gopass only as one literal argument after --', () => {
  for (const path of ['$(id)', 'a;id', 'a|id', '`id`', 'a b', "a'b", 'a"b', '*']) {
    it(`passes ${JSON.stringify(path)} literally`, async () => {
      const fake = fakeProgram('gopass', `printf 'v\\n'; printf '%s\\n' "$#" >> "$(dirname "$0")/argc"`);
      try {
        expect(await gopass(fake.bin, path).getSecret('t')).toBe('v');
        expect(fake.argv()).toBe(`show -- mxm/red/${path}\n`);
        expect(readFileSync(join(fake.root, 'argc'), 'utf8')).toBe('3\n');
      } finally {
        fake.cleanup();
      }
    });
  }
});

describe('reliability: backend processes', () => {
  it('a missing gopass binary: unavailable, and a default applies', async () => {
    const api = gopass('/nonexistent/bin/gopass');
    expect((await rejection(api.getSecret('t'))).code).toBe('SECRET_BACKEND_UNAVAILABLE');
    expect(await api.getSecret('t', { default: 'fallback' })).toBe('fallback');
    expect((await api.checkReady())[0]).toMatchObject({ ready: false, reason: expect.stringMatching(/not installed/) });
  });
  it('a missing pass binary (empty PATH): unavailable', async () => {
    const empty = tempDir({});
    const saved = process.env['PATH'];
    process.env['PATH'] = empty.root;
    try {
      const api = SecretsApi.fromConfigData(
        { stores: { s: { backend: 'pass', root: 'x' } }, policies: { p: { allowed_principals: ['research'] } }, refs: { t: { store: 's', path: 'y', policy: 'p' } } },
        { backends: [new PassSecretBackend()], identity: identity() },
      );
      const error = await rejection(api.getSecret('t'));
      expect(error.code).toBe('SECRET_BACKEND_UNAVAILABLE');
      expect(error.message).toMatch(/pass is not installed/);
    } finally {
      process.env['PATH'] = saved;
      empty.cleanup();
    }
  });
  it('a backend that hangs is killed with the child it spawned when the timeout passes', async () => {
    const fake = fakeProgram('gopass', 'sleep 30 & echo $! > "$(dirname "$0")/child"; sleep 30');
    try {
      const error = await rejection(gopass(fake.bin, 'api/token', { timeout_ms: 300 }).getSecret('t'));
      expect(error.code).toBe('SECRET_TIMEOUT');
      const child = Number(readFileSync(join(fake.root, 'child'), 'utf8'));
      // Killed means gone, or a zombie waiting for init to reap it: either way it no longer runs.
      let state = 'gone';
      try {
        state = readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1]?.[0] ?? 'gone';
      } catch {
        // gone
      }
      expect(['gone', 'Z']).toContain(state);
    } finally {
      fake.cleanup();
    }
  });
  it('a backend that reads stdin sees it closed and does not wait', async () => {
    const fake = fakeProgram('gopass', 'cat; printf "v\\n"');
    try {
      expect(await gopass(fake.bin, 'api/token', { timeout_ms: 5000 }).getSecret('t')).toBe('v');
    } finally {
      fake.cleanup();
    }
  });
  const exits: [string, string, string][] = [
    ['exit 10', 'SECRET_NOT_FOUND', 'was not found'],
    ['exit 11', 'SECRET_BACKEND_FAILED', 'decrypt'],
    ['exit 1', 'SECRET_BACKEND_FAILED', 'exited with code 1'],
    ['exit 2', 'SECRET_BACKEND_FAILED', 'exited with code 2'],
    ['kill -9 $$', 'SECRET_BACKEND_FAILED', 'SIGKILL'],
  ];
  for (const [script, code, words] of exits) {
    it(`gopass ${script} → ${code}, its output never echoed`, async () => {
      const fake = fakeProgram('gopass', `echo "${CANARY}"; echo "${CANARY}" >&2; ${script}`);
      try {
        const error = await rejection(gopass(fake.bin).getSecret('t'));
        expect(error.code).toBe(code);
        expect(error.message).toContain(words);
        expect(`${error.message}${error.stack ?? ''}${JSON.stringify(error)}`).not.toContain(CANARY);
        expect(error.message).not.toContain('api/token');
      } finally {
        fake.cleanup();
      }
    });
  }
  it('huge output is cut off at the cap and reported, not returned', async () => {
    const fake = fakeProgram('gopass', 'head -c 3000000 /dev/zero | tr "\\0" x');
    try {
      const error = await rejection(gopass(fake.bin).getSecret('t'));
      expect(error.code).toBe('SECRET_BACKEND_FAILED');
      expect(error.message).toMatch(/output exceeded the size limit/);
    } finally {
      fake.cleanup();
    }
  });
  it('a value without a trailing newline is returned whole', async () => {
    const fake = fakeProgram('gopass', 'printf "no-newline"');
    try {
      expect(await gopass(fake.bin).getSecret('t')).toBe('no-newline');
    } finally {
      fake.cleanup();
    }
  });
  it('multi-line values keep their lines; surrounding whitespace is stripped, as mxm-secrets strips it', async () => {
    const fake = fakeProgram('gopass', 'printf " l1\\nl2\\n\\n"');
    try {
      expect(await gopass(fake.bin).getSecret('t')).toBe('l1\nl2');
    } finally {
      fake.cleanup();
    }
  });
  it('a custom backend that throws a raw error becomes a typed failure without its message', async () => {
    const broken: SecretBackend = {
      name: 'memory',
      read: async () => {
        throw new TypeError(`boom ${CANARY}`);
      },
      checkReady: async () => ({ ready: true }),
    };
    const error = await rejection(build(model(), [broken]).getSecret('token'));
    expect(error.code).toBe('SECRET_BACKEND_FAILED');
    expect(error.message).not.toContain(CANARY);
  });
  it('a BackendFailure message is the backend author\'s words, never the path', async () => {
    const failing: SecretBackend = { name: 'memory', read: async () => Promise.reject(new BackendFailure('unavailable', 'store offline')), checkReady: async () => ({ ready: true }) };
    const error = await rejection(build(model(), [failing]).getSecret('token'));
    expect(error.message).toBe('Secret vault:token: the memory backend is unavailable: store offline.');
  });
});

describe('reliability: the file backend', () => {
  const files = tempDir({ 'secrets/token': `${CANARY}\n`, 'outside/secret': 'outside\n' });
  const fileApi = (path: string) =>
    SecretsApi.fromConfigData(
      { stores: { run: { backend: 'file', root: join(files.root, 'secrets') } }, policies: { p: { allowed_principals: ['research'] } }, refs: { t: { store: 'run', path, policy: 'p' } } },
      { backends: [new FileSecretBackend(), new MemorySecretBackend()], identity: identity() },
    );
  beforeAll(() => {
    symlinkSync(join(files.root, 'outside/secret'), join(files.root, 'secrets/escape'));
    symlinkSync(join(files.root, 'secrets/loop'), join(files.root, 'secrets/loop'));
    mkdirSync(join(files.root, 'secrets/dir'));
    writeFileSync(join(files.root, 'secrets/inside-target'), 'inside\n');
    symlinkSync(join(files.root, 'secrets/inside-target'), join(files.root, 'secrets/inside'));
  });
  afterAll(() => files.cleanup());

  it('refuses a symlink that leaves the root', async () => {
    expect((await rejection(fileApi('escape').getSecret('t'))).message).toMatch(/symlink that leaves the store directory/);
  });
  it('follows a symlink that stays inside the root', async () => {
    expect(await fileApi('inside').getSecret('t')).toBe('inside');
  });
  it('reports a symlink loop as a failure', async () => {
    expect((await rejection(fileApi('loop').getSecret('t'))).message).toMatch(/symlink loop/);
  });
  it('a directory is not a secret', async () => {
    expect((await rejection(fileApi('dir').getSecret('t'))).code).toBe('SECRET_NOT_FOUND');
  });
  it('a missing file is not found, and a default applies', async () => {
    expect(await fileApi('absent').getSecret('t', { default: 'd' })).toBe('d');
  });
});

describeWithPass()('reliability: a GnuPG key with a passphrase and no terminal', () => {
  let store: PassStore;
  beforeAll(() => {
    store = createPassStore({ passphrase: 'correct horse' });
    store.insert('mxm/locked/token', `${CANARY}\n`);
    store.forgetPassphrases();
  }, 60_000);
  afterAll(() => store.cleanup());

  it('fails fast with a typed error that names neither value nor path', async () => {
    const api = store.secrets('locked', 'mxm/locked', { t: 'token' }, { timeout_ms: 15_000 });
    const error = await rejection(api.getSecret('t'));
    expect(error.code).toBe('SECRET_BACKEND_FAILED');
    expect(error.message).toBe('Secret locked:t: the pass backend failed: GnuPG could not decrypt the entry (no usable key or passphrase).');
    expect(error.message).not.toContain('mxm/locked');
  }, 30_000);
});

describeWithPass()('reliability: a ref that names a pass folder', () => {
  let store: PassStore;
  beforeAll(() => {
    store = createPassStore();
    store.insert('mxm/desk/research_token', `${CANARY}-research\n`);
    store.insert('mxm/desk/execution_token', `${CANARY}-execution\n`);
  }, 60_000);
  afterAll(() => store.cleanup());

  it('is refused before pass runs, and the error lists none of the entries in it', async () => {
    const api = store.secrets('desk', 'mxm', { folder: 'desk', leaf: 'desk/research_token' });
    expect(await api.getSecret('leaf')).toBe(`${CANARY}-research`);
    const error = await rejection(api.getSecret('folder'));
    expect(error.code).toBe('SECRET_BACKEND_FAILED');
    expect(error.message).toBe('Secret desk:folder: the pass backend failed: the path names a folder of entries, not a secret.');
    expect(error.message).not.toMatch(/token|canary/i);
  }, 30_000);
  it('the store root itself is a folder too', async () => {
    const api = store.secrets('desk', '', { root: 'mxm' });
    expect((await rejection(api.getSecret('root'))).message).toMatch(/names a folder of entries/);
  }, 30_000);
});

describe('reliability: gopass printing a folder listing (stand-in: its tree output)', () => {
  // gopass's own layout (mounts) is not known here, so the output is checked: a tree is never a value.
  const tree = fakeProgram('gopass', `printf 'mxm/desk\\n├── execution_token\\n└── research_token\\n'`);
  afterAll(() => tree.cleanup());
  it('is refused as a folder; no entry name reaches the error', async () => {
    const api = SecretsApi.fromConfigData(
      { stores: { g: { backend: 'gopass', root: 'mxm' } }, policies: { p: { allowed_principals: ['research'] } }, refs: { folder: { store: 'g', path: 'desk', policy: 'p' } } },
      { backends: [new GopassSecretBackend(tree.bin)], identity: identity() },
    );
    const error = await rejection(api.getSecret('folder'));
    expect(error.code).toBe('SECRET_BACKEND_FAILED');
    expect(error.message).toMatch(/names a folder of entries, not a secret \(its listing is not returned\)/);
    expect(error.message).not.toMatch(/token/);
  });
});
