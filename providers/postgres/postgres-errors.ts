/**
 * Errors of the PostgreSQL provider. Messages name the database, where it was configured
 * (`default apps/demo/default.yaml:14`) and what was tried; they never carry a password, a
 * connection string, or the driver's own message text (which can quote a connection string).
 * Secrets errors (a denied role, a failing backend) pass through as the secrets area throws them.
 */
import { MxmError, formatProblems, type Problem, keepClassNames } from '../../src/errors/mxm-error.js';

/** Base of every PostgreSQL provider error. */
export class PostgresError extends MxmError {}

/** Some `mxm_databases` entries with `driver: postgres` are invalid; lists every problem at once. */
export class PostgresConfigError extends PostgresError {
  constructor(problems: readonly Problem[]) {
    super('POSTGRES_CONFIG_INVALID', `PostgreSQL databases (mxm_databases, driver: postgres) are invalid:\n${formatProblems(problems)}`, { problems });
  }
}

/**
 * The `pg` package (node-postgres), an optional peer dependency, is not installed, or (with a
 * `cause`) is there but cannot be loaded: its entry or one of its own dependencies is missing.
 */
export class PostgresDriverMissingError extends PostgresError {
  constructor(databases: readonly string[], options: { cause?: unknown } = {}) {
    const which = `${databases.map((d) => `'${d}'`).join(', ')} ${databases.length === 1 ? 'is a database' : 'are databases'} with driver: postgres`;
    // One line: inside a context's build error it is one problem among others.
    const why =
      options.cause === undefined
        ? `The package 'pg' (node-postgres) is not installed, but ${which}. Install it: npm install pg (mxm-runtime lists it as an optional peer dependency).`
        : `The package 'pg' (node-postgres) is installed but cannot be loaded (${firstLine(options.cause)}), and ${which}. Reinstall it: npm install pg.`;
    super('POSTGRES_DRIVER_MISSING', why, options);
  }
}

const firstLine = (cause: unknown): string => (String((cause as Error | undefined)?.message ?? cause).split('\n')[0] ?? '').trim();

/** Why a connection could not be opened. */
export type PostgresConnectionFailure = 'refused' | 'unreachable' | 'auth_failed' | 'timeout' | 'pool_exhausted' | 'rejected' | 'failed';

const CODES: Readonly<Record<PostgresConnectionFailure, string>> = {
  refused: 'POSTGRES_CONNECTION_REFUSED',
  unreachable: 'POSTGRES_HOST_UNREACHABLE',
  auth_failed: 'POSTGRES_AUTH_FAILED',
  timeout: 'POSTGRES_CONNECT_TIMEOUT',
  pool_exhausted: 'POSTGRES_POOL_EXHAUSTED',
  rejected: 'POSTGRES_CONNECTION_REJECTED',
  failed: 'POSTGRES_CONNECTION_FAILED',
};

/** A connection to a configured database could not be opened (or taken from its pool). */
export class PostgresConnectionError extends PostgresError {
  /** The kind of failure, stable for programs (`code` says the same as a constant). */
  readonly failure: PostgresConnectionFailure;

  /**
   * @param database the configured name (`refdata`)
   * @param target `user@host:port/database` and where it was configured
   * @param reason one sentence: what happened and what to check
   */
  constructor(failure: PostgresConnectionFailure, database: string, target: string, reason: string) {
    super(CODES[failure], `Cannot connect to PostgreSQL database '${database}' (${target}): ${reason}`);
    this.failure = failure;
  }
}

/** The pool was used after the context was disposed (or after `end()`). */
export class PostgresPoolDisposedError extends PostgresError {
  constructor(database: string, how: 'disposed' | 'ended') {
    super(
      'POSTGRES_POOL_DISPOSED',
      how === 'disposed'
        ? `The PostgreSQL pool of database '${database}' belongs to a runtime context that was disposed; its connections are closed. Build a new context to connect again.`
        : `The PostgreSQL pool of database '${database}' was ended (pool.end()); it cannot be used again.`,
    );
  }
}

keepClassNames({ PostgresError, PostgresConfigError, PostgresDriverMissingError, PostgresConnectionError, PostgresPoolDisposedError });
