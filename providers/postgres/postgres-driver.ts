/**
 * Loading `pg` (node-postgres), an optional peer dependency, only when a database needs it.
 *
 * Found when the context is built, loaded with require, synchronously, when the first pool is made: pools are constructed while the container resolves, which
 * is synchronous, and pg is CommonJS. Nothing in the main entry imports pg at load time, so an
 * application without PostgreSQL databases needs neither pg nor @types/pg.
 */
import { createRequire } from 'node:module';
import { PostgresDriverMissingError } from './postgres-errors.js';

/** The node-postgres module. */
export type PgModule = typeof import('pg');

/**
 * Finds pg as an application next to this package would resolve it, and returns what loads it.
 * Finding is cheap; loading pg is not (it loads some 30 files and, through its Cloudflare check,
 * Node's fetch implementation): a context that never constructs a pool never pays for it.
 *
 * @param databases the databases that need it, for the error message
 * @param from where to resolve from (tests); default: this module
 * @throws {PostgresDriverMissingError} `POSTGRES_DRIVER_MISSING` naming the package and the
 *   databases that need it, when pg cannot be resolved.
 */
export function findPg(databases: readonly string[], from: string | URL = import.meta.url): () => PgModule {
  const require = createRequire(from);
  let path: string;
  try {
    path = require.resolve('pg');
  } catch {
    throw new PostgresDriverMissingError(databases);
  }
  return () => require(path) as PgModule;
}

/**
 * Loads pg as an application next to this package would resolve it.
 *
 * @param databases the databases that need it, for the error message
 * @param from where to resolve from (tests); default: this module
 * @throws {PostgresDriverMissingError} `POSTGRES_DRIVER_MISSING` naming the package and the
 *   databases that need it, when pg cannot be resolved.
 */
export function loadPg(databases: readonly string[], from: string | URL = import.meta.url): PgModule {
  return findPg(databases, from)();
}
