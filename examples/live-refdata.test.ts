/**
 * `npm start` (the built example) with and without a reachable refdata PostgreSQL database: with
 * one, the application queries it through its injected pool; without one, it says so and the rest
 * of the job still runs.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithPostgres, freePort, startPostgres, type PostgresServer } from '../test/helpers/postgres-server.js';

const MAIN = fileURLToPath(new URL('../dist/examples/main.js', import.meta.url));

/** Runs the example as `npm start` does, as a local process, with refdata at 127.0.0.1:`port`. */
function start(port: number) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MXM_') && !k.startsWith('REFDATA_')));
  const r = spawnSync(process.execPath, [MAIN], { env: { ...clean, MXM_SUBSTRATE: 'local-process', REFDATA_HOST: '127.0.0.1', REFDATA_PORT: String(port) }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describeWithPostgres()('the example with a refdata database', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
    // The example store's dev secrets (examples/store/secrets/dev.env) hold this password.
    await server.createRole('refdata_reader', 'dev-refdata-password', 'refdata');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('queries refdata through the injected pool when the server is reachable', () => {
    const r = start(server.port);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/refdata-live: connected=true user=refdata_reader database=refdata server=PostgreSQL \d+/);
    expect(r.stdout).toMatch(/refdata\s+postgres\s+refdata_reader@127\.0\.0\.1:\d+\/refdata\s+mxm\.database\.postgres\.refdata \(mxm:postgres\)$/m);
    expect(r.stdout).not.toContain('dev-refdata-password');
  });

  it('still runs without a server, and says so', async () => {
    const r = start(await freePort());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('refdata-live: connected=false reason=POSTGRES_CONNECTION_REFUSED note=not reachable; the example runs without it');
    expect(r.stdout).toContain('output: data=');
  });
});
