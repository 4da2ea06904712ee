/**
 * `mxm-runtime doctor` and `context` (the built CLI, as a subprocess) with live PostgreSQL
 * databases: each database is checked with connect and `SELECT 1`, passing or failing with its
 * reason — refused, auth failed, timeout, denied secret — and never printing the password.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { cli } from '../helpers/cli.js';
import { describeWithPostgres, freePort, silentServer, startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { tempDir } from '../helpers/temp-store.js';

const PASSWORD = 'Doctor-canary-93ab';
let server: PostgresServer;
let silent: Awaited<ReturnType<typeof silentServer>>;
const dirs = tempDir({ 'secrets/good': `${PASSWORD}\n`, 'secrets/wrong': 'not-the-password\n' });

interface Report {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
}

function store(port: number, refusedPort: number, silentPort: number) {
  const db = (p: number, secret: string, extra = '') => `{driver: postgres, host: 127.0.0.1, port: ${p}, database: refdata, user: app, password_secret: ${secret}${extra}}`;
  return tempDir({
    'machines.yaml': '"*": workstation\n',
    'apps/demo/default.yaml': `mxm_databases:
  good: ${db(port, 'good')}
  refused: ${db(refusedPort, 'good')}
  wrong_password: ${db(port, 'wrong')}
  denied: ${db(port, 'execution_only')}
  silent: ${db(silentPort, 'good', ', connect_timeout_ms: 500')}
mxm_secrets:
  stores: {files: {backend: file, root: ${dirs.root}/secrets}}
  policies: {readers: {allowed_principals: [research]}, execution: {allowed_principals: [execution]}}
  refs:
    good: {store: files, path: good, policy: readers}
    wrong: {store: files, path: wrong, policy: readers}
    execution_only: {store: files, path: good, policy: execution}
`,
  });
}

describeWithPostgres()('doctor and context with PostgreSQL databases', () => {
  let s: ReturnType<typeof store>;
  beforeAll(async () => {
    server = await startPostgres();
    await server.createRole('app', PASSWORD, 'refdata');
    silent = await silentServer();
    s = store(server.port, await freePort(), silent.port);
  });
  afterAll(async () => {
    await silent?.close();
    await server?.stop();
    s?.cleanup();
    dirs.cleanup();
  });

  const args = () => ['--app', 'demo', '--env', 'dev', '--role', 'research', '--store-root', s.root];

  it('checks each database and reports pass or the reason it failed, exiting 1', () => {
    const json = cli(['doctor', ...args(), '--json']);
    const text = cli(['doctor', ...args()]);
    expect(json.code).toBe(1);
    expect(text.code).toBe(1);
    const report = JSON.parse(json.stdout) as Report;
    const check = (name: string) => report.checks.find((c) => c.name === `database ${name}`);
    expect(check('good')).toMatchObject({ ok: true, detail: expect.stringContaining('app@127.0.0.1') });
    expect(check('good')?.detail).toContain('SELECT 1 answered');
    expect(check('refused')).toMatchObject({ ok: false, detail: expect.stringMatching(/^refused: /) });
    expect(check('wrong_password')).toMatchObject({ ok: false, detail: expect.stringMatching(/^auth failed: /) });
    expect(check('denied')).toMatchObject({ ok: false, detail: expect.stringMatching(/^denied secret: /) });
    expect(check('silent')).toMatchObject({ ok: false, detail: expect.stringMatching(/^timeout: /) });
    expect(check('refused')?.detail).toContain('apps/demo/default.yaml:3');
    expect(text.stdout).toMatch(/FAIL\s+database refused\s+refused: /);
    expect(text.stdout).toMatch(/pass\s+database good\s/);
    for (const out of [json.stdout, json.stderr, text.stdout, text.stderr]) {
      expect(out).not.toContain(PASSWORD);
      expect(out).not.toContain('not-the-password');
    }
  });

  it('context lists every database and the token of its live pool, constructing no pool and opening no connection', () => {
    const r = cli(['context', ...args(), '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { databases: { name: string; driver: string; target: string; live?: { token: string; module: string; state?: unknown } }[] };
    expect(summary.databases.map((d) => d.name)).toEqual(['denied', 'good', 'refused', 'silent', 'wrong_password']);
    expect(summary.databases.find((d) => d.name === 'good')).toMatchObject({
      driver: 'postgres',
      target: `app@127.0.0.1:${server.port}/refdata`,
      live: { token: 'mxm.database.postgres.good', module: 'mxm:postgres' },
    });
    expect(summary.databases.every((d) => d.live?.state === undefined)).toBe(true);
    const text = cli(['context', ...args()]);
    expect(text.stdout).toMatch(/good\s+postgres\s+app@127\.0\.0\.1:\d+\/refdata\s+mxm\.database\.postgres\.good \(mxm:postgres\)$/m);
    expect(`${r.stdout}${text.stdout}`).not.toContain(PASSWORD);
  });
});
