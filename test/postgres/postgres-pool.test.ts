/**
 * Live PostgreSQL pools against a real server started for this file: queries through an injected
 * pool, each way a connection fails, the password policy before any network traffic, rotation,
 * dispose (checked in pg_stat_activity) and the pool size limit under 200 concurrent queries.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { inject, injectable } from 'inversify';
import type { Pool, PoolClient } from 'pg';
import { buildRuntimeContext, defineDeploymentModule, serviceCheckToken, type RuntimeContext } from '../../src/index.js';
import { postgresPool, PostgresConnectionError } from '../../providers/postgres/index.js';
import { describeWithPostgres, freePort, silentServer, startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { tempDir, tempStore } from '../helpers/temp-store.js';

const PASSWORD = 'S3cret-canary-7f2d';
let server: PostgresServer;
const secretsDir = tempDir({ 'refdata': `${PASSWORD}\n` });
let appNames = 0;

/** The store of one test: refdata on `port` (the live server unless given), read by `research`. */
function store(options: { port?: number; extra?: string } = {}) {
  const applicationName = `mxm-test-${process.pid}-${(appNames += 1)}`;
  const s = tempStore({
    default: `mxm_databases:
  refdata:
    driver: postgres
    host: 127.0.0.1
    port: ${options.port ?? server.port}
    database: refdata
    user: app
    password_secret: refdata_password
    application_name: ${applicationName}
${options.extra ?? ''}
mxm_secrets:
  stores: {files: {backend: file, root: ${secretsDir.root}}}
  policies: {readers: {allowed_principals: [research]}}
  refs: {refdata_password: {store: files, path: refdata, policy: readers}}
`,
  });
  return { ...s, applicationName };
}

const contexts: RuntimeContext[] = [];
async function contextOf(storeRoot: string, role = 'research', modules = [] as Parameters<typeof buildRuntimeContext>[0]['modules']) {
  const context = await buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', machine: 'bridge', substrate: 'local-process', role }, storeRoot, env: {}, modules });
  contexts.push(context);
  return context;
}

/** Polls until `read` returns `want`, at most `tries` times (the server ends backends asynchronously). */
async function eventually<T>(read: () => Promise<T>, want: T, tries = 200): Promise<T> {
  let value = await read();
  for (let i = 0; i < tries && value !== want; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    value = await read();
  }
  return value;
}

@injectable()
class RefdataReader {
  constructor(@inject(postgresPool('refdata')) readonly pool: Pool) {}
  async who(): Promise<{ who: string; db: string }> {
    return (await this.pool.query<{ who: string; db: string }>('SELECT current_user AS who, current_database() AS db')).rows[0] as { who: string; db: string };
  }
}

describeWithPostgres()('live PostgreSQL pools', () => {
  beforeAll(async () => {
    server = await startPostgres();
    await server.createRole('app', PASSWORD, 'refdata');
  });
  afterAll(async () => {
    for (const context of contexts) await context.dispose();
    await server?.stop();
    secretsDir.cleanup();
  });

  it('answers a query through a pool injected into an application class, the same pool context.get returns', async () => {
    const s = store();
    const context = await contextOf(s.root);
    const reader = context.get(RefdataReader);
    expect(await reader.who()).toEqual({ who: 'app', db: 'refdata' });
    expect(context.get(postgresPool('refdata'))).toBe(reader.pool);
    s.cleanup();
  });

  it('fails with POSTGRES_AUTH_FAILED, naming the database and the secret, when the secret holds the wrong password', async () => {
    const dir = tempDir({ refdata: 'wrong-canary-password\n' });
    const s = tempStore({
      default: `mxm_databases:
  refdata: {driver: postgres, host: 127.0.0.1, port: ${server.port}, database: refdata, user: app, password_secret: pw}
mxm_secrets:
  stores: {files: {backend: file, root: ${dir.root}}}
  policies: {readers: {allowed_principals: [research]}}
  refs: {pw: {store: files, path: refdata, policy: readers}}
`,
    });
    const context = await contextOf(s.root);
    const error = (await context.get(postgresPool('refdata')).query('SELECT 1').catch((e: unknown) => e)) as PostgresConnectionError;
    expect(error).toBeInstanceOf(PostgresConnectionError);
    expect(error.code).toBe('POSTGRES_AUTH_FAILED');
    expect(error.failure).toBe('auth_failed');
    expect(error.message).toContain("database 'refdata'");
    expect(error.message).toContain("secret 'pw'");
    expect(error.message).toMatch(/apps\/demo\/default\.yaml:2/);
    expect(`${error.message}${error.stack ?? ''}${inspect(error)}`).not.toContain('wrong-canary-password');
    dir.cleanup();
    s.cleanup();
  });

  it('fails with POSTGRES_CONNECTION_REFUSED when no server listens on the port', async () => {
    const s = store({ port: await freePort() });
    const context = await contextOf(s.root);
    await expect(context.get(postgresPool('refdata')).query('SELECT 1')).rejects.toMatchObject({ code: 'POSTGRES_CONNECTION_REFUSED', failure: 'refused' });
    s.cleanup();
  });

  it('fails with POSTGRES_CONNECT_TIMEOUT when the server accepts but never answers', async () => {
    const silent = await silentServer();
    const s = store({ port: silent.port, extra: '    connect_timeout_ms: 300' });
    try {
      const context = await contextOf(s.root);
      await expect(context.get(postgresPool('refdata')).query('SELECT 1')).rejects.toMatchObject({ code: 'POSTGRES_CONNECT_TIMEOUT', failure: 'timeout' });
      expect(silent.connections()).toBe(1);
    } finally {
      await silent.close();
      s.cleanup();
    }
  });

  it("fails with the secrets error, before opening any connection, when the role's policy denies the password", async () => {
    const silent = await silentServer();
    const s = store({ port: silent.port });
    try {
      const context = await contextOf(s.root, 'execution');
      await expect(context.get(postgresPool('refdata')).query('SELECT 1')).rejects.toMatchObject({ name: 'SecretAccessDeniedError', code: 'SECRET_ACCESS_DENIED' });
      await expect(context.get(postgresPool('refdata')).connect()).rejects.toMatchObject({ code: 'SECRET_ACCESS_DENIED' });
      expect(silent.connections()).toBe(0);
    } finally {
      await silent.close();
      s.cleanup();
    }
  });

  it('picks up a rotated password for new connections without a restart, while open ones keep working', async () => {
    const dir = tempDir({ refdata: 'first-password\n' });
    await server.createRole('rotating', 'first-password');
    const s = tempStore({
      default: `mxm_databases:
  refdata: {driver: postgres, host: 127.0.0.1, port: ${server.port}, database: refdata, user: rotating, password_secret: pw, pool_size: 3}
mxm_secrets:
  stores: {files: {backend: file, root: ${dir.root}}}
  policies: {readers: {allowed_principals: [research]}}
  refs: {pw: {store: files, path: refdata, policy: readers}}
`,
    });
    const context = await contextOf(s.root);
    const pool = context.get(postgresPool('refdata'));
    const first = await pool.connect();
    await server.admin(`ALTER ROLE rotating PASSWORD 'second-password'`);
    // The server has the new password, the secret still the old one: a new connection is refused.
    await expect(pool.connect()).rejects.toMatchObject({ code: 'POSTGRES_AUTH_FAILED' });
    writeFileSync(join(dir.root, 'refdata'), 'second-password\n');
    const second = await pool.connect();
    expect((await second.query<{ who: string }>('SELECT current_user AS who')).rows[0]?.who).toBe('rotating');
    expect((await first.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    first.release();
    second.release();
    dir.cleanup();
    s.cleanup();
  });

  it('closes every connection on dispose, after a checked-out one is released, and refuses use afterwards', async () => {
    const s = store({ extra: '    pool_size: 5' });
    const context = await buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', machine: 'bridge', substrate: 'local-process', role: 'research' }, storeRoot: s.root, env: {} });
    const pool = context.get(postgresPool('refdata'));
    const clients: PoolClient[] = await Promise.all([1, 2, 3].map(() => pool.connect()));
    for (const c of clients.slice(1)) c.release();
    expect(await server.connectionsOf(s.applicationName)).toBe(3);
    const disposed = context.dispose();
    await expect(pool.query('SELECT 1')).rejects.toMatchObject({ code: 'POSTGRES_POOL_DISPOSED' });
    (clients[0] as PoolClient).release();
    await disposed;
    expect(await eventually(() => server.connectionsOf(s.applicationName), 0)).toBe(0);
    const error = (await pool.connect().catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'POSTGRES_POOL_DISPOSED' });
    expect(error.message).toContain("database 'refdata'");
    s.cleanup();
  });

  it('runs 200 concurrent queries through a pool of 4 without opening a fifth connection', async () => {
    const s = store({ extra: '    pool_size: 4' });
    const context = await contextOf(s.root);
    const pool = context.get(postgresPool('refdata'));
    let mostWaiting = 0;
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const { rows } = await pool.query<{ n: number; i: number }>('SELECT count(*)::int AS n, $2::int AS i FROM pg_stat_activity WHERE application_name = $1', [s.applicationName, i]);
        mostWaiting = Math.max(mostWaiting, pool.waitingCount);
        return rows[0] as { n: number; i: number };
      }),
    );
    expect(results.map((r) => r.i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(Math.max(...results.map((r) => r.n))).toBeLessThanOrEqual(4);
    expect(mostWaiting).toBeGreaterThan(0);
    expect(pool.totalCount).toBeLessThanOrEqual(4);
    s.cleanup();
  });

  it('keeps the password out of inspect, JSON, the snapshot and the context summary after connecting', async () => {
    const s = store();
    const context = await contextOf(s.root);
    const pool = context.get(postgresPool('refdata'));
    const client = await pool.connect();
    const deep = { depth: 8, showHidden: true, getters: true };
    const printed = [inspect(pool, deep), inspect(client, deep), inspect((client as unknown as { connectionParameters: unknown }).connectionParameters, deep), JSON.stringify(pool), JSON.stringify(context.snapshot()), inspect(context, deep)];
    client.release();
    for (const text of printed) expect(text).not.toContain(PASSWORD);
    expect(JSON.parse(JSON.stringify(pool))).toMatchObject({ database: 'refdata', poolSize: 10, total: 1, disposed: false });
    s.cleanup();
  });

  it('lets a deployment module rebind the pool, and the doctor check then checks the rebound one', async () => {
    const s = store({ port: await freePort() });
    const double = { query: async () => ({ rows: [{ who: 'double', db: 'none' }] }) };
    const substrate = defineDeploymentModule({ name: 'test:double', when: { substrate: 'local-process' } }, (bind) => {
      bind(postgresPool('refdata')).toConstantValue(double as unknown as Pool);
    });
    const context = await contextOf(s.root, 'research', [substrate]);
    expect(await context.get(RefdataReader).who()).toEqual({ who: 'double', db: 'none' });
    expect(context.snapshot().bindings.find((b) => b.token === 'mxm.database.postgres.refdata')).toMatchObject({ module: 'test:double', overrode: ['mxm:postgres'] });
    expect(await context.get(serviceCheckToken('database refdata')).run()).toMatchObject({ ok: true });
    s.cleanup();
  });
});
