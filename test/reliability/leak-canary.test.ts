/**
 * Reliability catalogue — the leak canary. One known secret value and its backend path are
 * searched for in every output channel: error messages and stacks, audit events and console
 * lines, util.inspect and JSON of every object the library returns, snapshots, and every CLI
 * command with its errors. They may appear only where a role allowed to read the secret asked
 * for its value.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { buildRuntimeContext, RuntimeContextBuildError, toConfigData, SECRET_AUDIT, defineDeploymentModule, type RuntimeContext, type SecretAuditEvent } from '../../src/index.js';
import { fakeProgram } from '../helpers/fake-program.js';
import { CLI } from '../helpers/cli.js';
import { renderings } from '../helpers/renderings.js';
import { tempDir } from '../helpers/temp-store.js';

const CANARY = 'canary-value-8c41e07d';
const CANARY_PATH = 'desk/canary_token_path';

const defaultYaml = (canaryPath: string) => `
mxm_paths: {data_root: /tmp/mxm-canary/data, artifact_root: /tmp/mxm-canary/a, export_root: /tmp/mxm-canary/e, log_root: /tmp/mxm-canary/l}
mxm_databases:
  refdata: {host: db, user: reader, password_secret: canary}
mxm_secrets:
  stores:
    files: {backend: file, root: secrets}
    cached: {backend: file, root: secrets, cache_ttl_seconds: 60}
    noisy: {backend: gopass, root: mxm}
  policies:
    desk: {allowed_principals: [research]}
  refs:
    canary: {store: files, path: ${canaryPath}, policy: desk}
    canary_cached: {store: cached, path: ${canaryPath}, policy: desk}
    canary_missing: {store: files, path: ${canaryPath}_missing, policy: desk}
    canary_noisy: {store: noisy, path: ${canaryPath}, policy: desk}
`;

const store = tempDir({
  'apps/demo/default.yaml': defaultYaml(CANARY_PATH),
  [`secrets/${CANARY_PATH}`]: `${CANARY}\n`,
  'apps/broken/default.yaml': defaultYaml(`/${CANARY_PATH}`),
});
// A gopass that prints the canary on both streams and fails: its output must go nowhere.
const noisy = fakeProgram('gopass', `echo "${CANARY} ${CANARY_PATH}"; echo "${CANARY} ${CANARY_PATH}" >&2; exit 11`);
const PATH = `${join(noisy.bin, '..')}:${process.env['PATH'] ?? ''}`;
const ENV = { MXM_SUBSTRATE: 'local-process', PATH };

function expectClean(text: string, where: string): void {
  expect({ where, hasValue: text.includes(CANARY), hasPath: text.includes(CANARY_PATH) }).toEqual({ where, hasValue: false, hasPath: false });
}

async function errorOf(action: () => Promise<unknown>): Promise<Error> {
  try {
    await action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

const audit: SecretAuditEvent[] = [];
const auditModule = defineDeploymentModule({ name: 'audit' }, (bind) => {
  bind(SECRET_AUDIT).toConstantValue((event: SecretAuditEvent) => audit.push(event));
});
const contexts: Record<string, RuntimeContext> = {};
const consoleLines: string[] = [];

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map((a) => renderings(a)).join(' ')));
  }
  const saved = process.env['PATH'];
  process.env['PATH'] = PATH;
  try {
    for (const role of ['research', 'execution']) {
      contexts[role] = await buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', role }, storeRoot: store.root, env: ENV, modules: [auditModule] });
    }
  } finally {
    process.env['PATH'] = saved;
  }
});

afterAll(async () => {
  jest.restoreAllMocks();
  await Promise.all(Object.values(contexts).map((c) => c.dispose()));
  store.cleanup();
  noisy.cleanup();
});

describe('reliability: leak canary (library)', () => {
  it('control: the search finds the canary where it really is, so a clean result means something', async () => {
    const research = contexts['research'] as RuntimeContext;
    expect(renderings(toConfigData(research.config))).toContain(CANARY_PATH);
    expect(renderings((await research.databases.credentials('refdata')).password.reveal())).toContain(CANARY);
    expect(() => expectClean(`x ${CANARY} y`, 'control')).toThrow();
  });
  it('the allowed role gets the value; it is the only place the value appears', async () => {
    expect(await contexts['research']?.secrets.getSecret('canary')).toBe(CANARY);
    expect(await contexts['research']?.secrets.getSecret('canary_cached')).toBe(CANARY);
    expect(await contexts['research']?.secrets.getSecret('canary_cached')).toBe(CANARY);
  });

  it('errors: denied, unknown, not found, a backend that prints the value, and database credentials', async () => {
    const research = contexts['research'] as RuntimeContext;
    const execution = contexts['execution'] as RuntimeContext;
    const saved = process.env['PATH'];
    process.env['PATH'] = PATH;
    try {
      const errors = [
        await errorOf(() => execution.secrets.getSecret('canary')),
        await errorOf(() => execution.secrets.getSecret('canary_cached')),
        await errorOf(() => research.secrets.getSecret('nope')),
        await errorOf(() => research.secrets.getSecret('canary_missing')),
        await errorOf(() => research.secrets.getSecret('canary_noisy')),
        await errorOf(() => execution.databases.credentials('refdata')),
      ];
      expect(errors.map((e) => (e as { code?: string }).code)).toEqual([
        'SECRET_ACCESS_DENIED',
        'SECRET_ACCESS_DENIED',
        'SECRET_UNKNOWN',
        'SECRET_NOT_FOUND',
        'SECRET_BACKEND_FAILED',
        'SECRET_ACCESS_DENIED',
      ]);
      errors.forEach((e, i) => expectClean(renderings(e), `error ${i}`));
    } finally {
      process.env['PATH'] = saved;
    }
  });

  it('a wiring error over a bad backend path does not echo the path', async () => {
    const error = await errorOf(() => buildRuntimeContext({ identity: { app: 'broken', environment: 'dev', role: 'research' }, storeRoot: store.root, env: ENV }));
    expect(error).toBeInstanceOf(RuntimeContextBuildError);
    expect(error.message).toMatch(/refs\.canary\.path/);
    expectClean(renderings(error), 'wiring error');
  });

  it('inspect and JSON of every object the context hands out', async () => {
    const research = contexts['research'] as RuntimeContext;
    const credentials = await research.databases.credentials('refdata');
    expect(credentials.password.reveal()).toBe(CANARY);
    const objects: Record<string, unknown> = {
      context: research,
      config: research.config,
      configData: research.config.toJSON(),
      refs: research.config.viewAt('mxm_secrets.refs'),
      explainPath: research.config.explain('mxm_secrets.refs.canary.path'),
      explainSection: research.config.explain('mxm_secrets'),
      secrets: research.secrets,
      listing: research.secrets.list(),
      readiness: await research.secrets.checkReady(),
      databases: research.databases,
      credentials,
      password: credentials.password,
      paths: research.paths,
      metadata: research.metadata,
      identity: research.identity,
      evidence: research.evidence,
      snapshot: research.snapshot(),
      container: research.container,
    };
    for (const [name, value] of Object.entries(objects)) expectClean(renderings(value), name);
    expectClean(`${credentials.password}`, 'password as a template string');
  });

  it('snapshots, as jest would store them', () => {
    for (const [role, context] of Object.entries(contexts)) expectClean(JSON.stringify(context.snapshot(), null, 2), `snapshot ${role}`);
  });

  it('audit events and console lines', () => {
    expect(audit.length).toBeGreaterThan(5);
    expect(audit.map((e) => e.decision)).toEqual(expect.arrayContaining(['allowed', 'denied']));
    expectClean(renderings(audit), 'audit events');
    expectClean(consoleLines.join('\n'), 'console');
  });
});

describe('reliability: leak canary (every CLI command)', () => {
  const cli = (role: string, args: string[]) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MXM_')));
    const r = spawnSync(process.execPath, [CLI, ...args, '--app', 'demo', '--env', 'dev', '--role', role, '--store-root', store.root], {
      env: { ...clean, ...ENV },
      encoding: 'utf8',
    });
    return { code: r.status, out: `${r.stdout}\n${r.stderr}`, stdout: r.stdout };
  };
  const commands = [
    ['identity'],
    ['identity', '--json'],
    ['config'],
    ['config', '--json'],
    ['config', '--no-resolve', '--json'],
    ['config', '--explain', 'mxm_secrets.refs.canary.path'],
    ['config', '--explain', 'mxm_secrets', '--json'],
    ['config', '--layers'],
    ['diff', '--against', 'role=execution', '--json'],
    ['diff', '--against', 'app=broken'],
    ['secrets', 'list'],
    ['secrets', 'list', '--json'],
    ['secrets', 'check'],
    ['secrets', 'check', '--json'],
    ['secrets', 'get', 'canary_missing'],
    ['secrets', 'get', 'canary_noisy'],
    ['secrets', 'get', 'canary_noisy', '--debug'],
    ['secrets', 'get', 'nope'],
    ['context'],
    ['context', '--json'],
    ['snapshot'],
    ['doctor'],
    ['doctor', '--json'],
  ];
  for (const role of ['research', 'execution']) {
    for (const args of commands) {
      it(`${role}: ${args.join(' ')}`, () => expectClean(cli(role, args).out, `${role} ${args.join(' ')}`));
    }
  }
  it('execution: secrets get canary is denied, exit 1, no value', () => {
    const r = cli('execution', ['secrets', 'get', 'canary']);
    expect(r.code).toBe(1);
    expectClean(r.out, 'denied get');
  });
  it('research: secrets get canary prints exactly the value — the one allowed channel', () => {
    const r = cli('research', ['secrets', 'get', 'canary']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${CANARY}\n`);
  });
});
