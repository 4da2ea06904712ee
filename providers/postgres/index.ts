/**
 * `mxm-runtime/postgres`: live PostgreSQL pools for the `mxm_databases` entries with
 * `driver: postgres`. The only entry point whose types need `pg` and `@types/pg`.
 *
 * @example
 * ```ts
 * import { inject, injectable } from 'inversify';
 * import type { Pool } from 'pg';
 * import { postgresPool } from 'mxm-runtime/postgres';
 *
 * @injectable()
 * class Prices {
 *   constructor(@inject(postgresPool('refdata')) private readonly pool: Pool) {}
 *   count() { return this.pool.query('SELECT count(*) FROM instruments'); }
 * }
 * ```
 */
import type { Pool } from 'pg';
import type { Token } from '../../src/container/token.js';
import { databaseServiceToken } from '../../src/container/tokens.js';

/**
 * The token of the live `pg.Pool` of the database `mxm_databases.<name>` (with `driver: postgres`).
 * Inject it (`@inject(postgresPool('refdata'))`) or get it (`context.get(postgresPool('refdata'))`).
 *
 * @throws nothing itself; resolving the token throws {@link ContainerResolutionError}
 *   `CONTAINER_UNBOUND` when no postgres database of that name is configured.
 */
export function postgresPool(name: string): Token<Pool> {
  return databaseServiceToken('postgres', name) as Token<Pool>;
}

export { PostgresConfigError, PostgresConnectionError, PostgresDriverMissingError, PostgresError, PostgresPoolDisposedError, type PostgresConnectionFailure } from './postgres-errors.js';
export { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_POOL_SIZE, MAX_POOL_SIZE, POSTGRES_KEYS, type PostgresSettings, type PostgresSslMode } from './postgres-settings.js';
export { CHECK_QUERY_TIMEOUT_MS } from './postgres-check.js';
export { postgresProvider } from './postgres-provider.js';
