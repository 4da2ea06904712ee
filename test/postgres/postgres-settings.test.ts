/**
 * The settings of `driver: postgres` databases are checked when the context is built: every
 * problem at once, each with the file:line it came from; and pg is needed only when one is configured.
 */
import { describe, expect, it } from '@jest/globals';
import { pathToFileURL } from 'node:url';
import { buildRuntimeContext, RuntimeContextBuildError } from '../../src/index.js';
import { createRequire } from 'node:module';
import { findPg, loadPg } from '../../providers/postgres/postgres-driver.js';
import { PostgresDriverMissingError } from '../../providers/postgres/index.js';
import { DEMO, tempDir, tempStore } from '../helpers/temp-store.js';

const build = (storeRoot: string) => buildRuntimeContext({ identity: DEMO, storeRoot, env: {} });

describe('postgres settings', () => {
  it('reports every invalid, missing and unknown setting with its file and line', async () => {
    const s = tempStore({
      default: `mxm_databases:
  refdata:
    driver: postgres
    port: '5433'
    database: refdata
    pool_size: 0
    poolsize: 4
    ssl: sometimes
`,
    });
    try {
      const error = (await build(s.root).catch((e: unknown) => e)) as RuntimeContextBuildError;
      expect(error).toBeInstanceOf(RuntimeContextBuildError);
      const problems = Object.fromEntries(error.problems.map((p) => [p.path, p]));
      expect(problems['mxm_databases.refdata.port']).toMatchObject({ source: 'default apps/demo/default.yaml:4' });
      expect(problems['mxm_databases.refdata.port']?.message).toContain('${oc.decode:');
      expect(problems['mxm_databases.refdata.user']).toMatchObject({ message: 'is required for driver postgres', source: 'default apps/demo/default.yaml:3' });
      expect(problems['mxm_databases.refdata.pool_size']).toMatchObject({ source: 'default apps/demo/default.yaml:6' });
      expect(problems['mxm_databases.refdata.poolsize']?.message).toContain('Settings: driver, host, port');
      expect(problems['mxm_databases.refdata.ssl']?.message).toContain('disable, require, verify-full');
      expect(error.message).toContain('mxm_databases.refdata.port: must be an integer from 1 to 65535');
    } finally {
      s.cleanup();
    }
  });

  it('binds nothing for databases without driver: postgres', async () => {
    const s = tempStore({ default: 'mxm_databases: {refdata: {host: localhost, database: refdata}}\n' });
    try {
      const context = await build(s.root);
      expect(context.snapshot().bindings.map((b) => b.token).filter((t) => t.includes('postgres'))).toEqual([]);
      await context.dispose();
    } finally {
      s.cleanup();
    }
  });

  it("names the package 'pg' and the databases that need it when pg cannot be resolved", () => {
    const elsewhere = tempDir({ 'here.js': '' });
    try {
      const error = (() => {
        try {
          return loadPg(['refdata', 'marketdata'], pathToFileURL(`${elsewhere.root}/here.js`));
        } catch (e) {
          return e;
        }
      })() as PostgresDriverMissingError;
      expect(error).toBeInstanceOf(PostgresDriverMissingError);
      expect(error.code).toBe('POSTGRES_DRIVER_MISSING');
      expect(error.message).toContain("The package 'pg' (node-postgres) is not installed");
      expect(error.message).toContain("'refdata', 'marketdata' are databases with driver: postgres");
      expect(error.message).toContain('npm install pg');
    } finally {
      elsewhere.cleanup();
    }
  });

  it('finds pg without loading it, and names a pg that cannot be loaded as a missing driver when a pool needs it', () => {
    const broken = tempDir({ 'here.js': '', 'node_modules/pg/package.json': '{"name": "pg", "main": "gone.js"}' });
    try {
      const load = findPg(['refdata'], pathToFileURL(`${broken.root}/here.js`));
      let error: unknown;
      try {
        load();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PostgresDriverMissingError);
      expect((error as PostgresDriverMissingError).message).toContain("The package 'pg' (node-postgres) is installed but cannot be loaded (");
      expect((error as PostgresDriverMissingError).message).toContain("'refdata' is a database with driver: postgres. Reinstall it: npm install pg.");
      expect((error as PostgresDriverMissingError).message).not.toContain('\n');
      // The cause is require's own error (its wording differs between Node and jest's module registry).
      expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('MODULE_NOT_FOUND');
    } finally {
      broken.cleanup();
    }
  });

  it('skips a directory on the search path it cannot look into, and finds a pg that has no package.json', () => {
    const odd = tempDir({ 'a/here.js': '', 'a/node_modules': 'a file where a directory belongs', 'node_modules/pg.js': 'module.exports = { Pool: "a pg without package.json" };' });
    try {
      // ENOTDIR under a/node_modules is skipped; pg.js above is found by resolving.
      expect(findPg(['refdata'], pathToFileURL(`${odd.root}/a/here.js`))().Pool).toBe('a pg without package.json');
    } finally {
      odd.cleanup();
    }
  });

  it('finds the pg this package resolves, and loads that one', () => {
    const load = findPg(['refdata']);
    expect(load().Pool).toBe(createRequire(import.meta.url)('pg').Pool);
  });
});
