/**
 * Loading `pg` (node-postgres), an optional peer dependency, only when a database needs it.
 *
 * Found when the context is built, loaded with require, synchronously, when the first pool is made: pools are constructed while the container resolves, which
 * is synchronous, and pg is CommonJS. Nothing in the main entry imports pg at load time, so an
 * application without PostgreSQL databases needs neither pg nor @types/pg.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { IN_BUNDLE, requireFrom } from '../../src/startup/package-require.js';
import { PostgresDriverMissingError } from './postgres-errors.js';

/** The bundle's CommonJS require (only reached in a bundle, where the wrapper passes one). */
const bundleRequire = (): NodeJS.Require => require;

/** The node-postgres module. */
export type PgModule = typeof import('pg');

/**
 * Finds pg as an application next to this package would resolve it, and returns what loads it.
 * Finding is cheap; loading pg is not (it loads some 30 files and, through its Cloudflare check,
 * Node's fetch implementation): a context that never constructs a pool never pays for it.
 *
 * Finding looks for `pg/package.json` in the directories require would search, rather than
 * resolving pg's entry: resolving walks pg's `exports` and loads Node's ES module resolver, some
 * 2 ms of every start of a context with a PostgreSQL database. Only when that look finds none is
 * pg resolved (an install without package.json). A pg whose package.json is there but whose entry
 * is not is reported when the first pool is made, as a driver that cannot be loaded.
 *
 * @param databases the databases that need it, for the error message
 * @param from where to resolve from (tests); default: this module
 * @throws {PostgresDriverMissingError} `POSTGRES_DRIVER_MISSING` naming the package and the
 *   databases that need it, when pg cannot be found (and, from the loader, when it cannot be loaded
 *   as installed).
 */
export function findPg(databases: readonly string[], from?: string | URL): () => PgModule {
  // In a bundle, its own require resolves from the package as this module would, and needs no node:module.
  const require = from === undefined && IN_BUNDLE ? bundleRequire() : requireFrom(from ?? import.meta.url);
  if (!hasPackageJson(require) && !resolves(require)) throw new PostgresDriverMissingError(databases);
  return () => {
    try {
      return require('pg') as PgModule;
    } catch (cause) {
      // An install require cannot load (a pg whose entry or dependencies are gone) is a missing driver too.
      if ((cause as NodeJS.ErrnoException | undefined)?.code === 'MODULE_NOT_FOUND') {
        throw new PostgresDriverMissingError(databases, { cause });
      }
      throw cause;
    }
  };
}

/** Whether a directory require searches holds `pg/package.json` (one it cannot look into does not). */
function hasPackageJson(require: NodeJS.Require): boolean {
  return (require.resolve.paths('pg') ?? []).some((dir) => {
    try {
      return statSync(join(dir, 'pg', 'package.json'), { throwIfNoEntry: false })?.isFile() === true;
    } catch {
      return false;
    }
  });
}

/** Whether require resolves pg after all (a pg.js, a pg without package.json): asked only when the cheap look finds none. */
function resolves(require: NodeJS.Require): boolean {
  try {
    require.resolve('pg');
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads pg as an application next to this package would resolve it.
 *
 * @param databases the databases that need it, for the error message
 * @param from where to resolve from (tests); default: this module
 * @throws {PostgresDriverMissingError} `POSTGRES_DRIVER_MISSING` naming the package and the
 *   databases that need it, when pg cannot be resolved.
 */
export function loadPg(databases: readonly string[], from?: string | URL): PgModule {
  return findPg(databases, from)();
}
