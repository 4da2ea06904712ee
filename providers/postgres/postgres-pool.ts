/**
 * The live pool of one PostgreSQL database: a `pg.Pool` that reads its password through the
 * secrets service for every new connection, classifies connection failures, refuses use after
 * its context is disposed, and prints as a summary.
 *
 * Owns: constructing and ending the pool. Does not own: the settings (postgres-settings.ts), the
 * secret's policy (the secrets service), or the container binding (postgres-provider.ts).
 * Nothing connects until the first query or checkout.
 */
import { inspect } from 'node:util';
import { keepClassNames } from '../../src/errors/mxm-error.js';
import type { Pool, PoolClient, PoolConfig } from 'pg';
import { PostgresConnectionError, PostgresPoolDisposedError } from './postgres-errors.js';
import type { PgModule } from './postgres-driver.js';
import { connectionFailure } from './connection-failure.js';
import { describeTarget, type PostgresSettings } from './postgres-settings.js';

/** Where a pool's password comes from; both steps go through the secrets service and its policy. */
export interface PasswordSource {
  /** Throws the secrets error when the role may not read the password; reads no backend. */
  authorize(): Promise<void>;
  /** Reads the password now (a rotated secret is picked up by the next connection). */
  read(): Promise<string>;
}

/** A checkout callback, as pg's `Pool.connect(callback)` takes it. */
type ConnectCallback = (err: Error | undefined, client: PoolClient | undefined, done: (release?: Error | boolean) => void) => void;

const disposers = new WeakMap<object, () => Promise<void>>();
const classes = new WeakMap<PgModule, new (settings: PostgresSettings, password: PasswordSource | undefined) => Pool>();

/**
 * Creates the pool of one database; opens no connection.
 * @throws nothing here; its checkouts and queries throw {@link PostgresConnectionError}, the
 *   secrets errors and {@link PostgresPoolDisposedError}.
 */
export function createPostgresPool(pg: PgModule, settings: PostgresSettings, password: PasswordSource | undefined): Pool {
  let PostgresPool = classes.get(pg);
  if (PostgresPool === undefined) {
    PostgresPool = poolClass(pg);
    classes.set(pg, PostgresPool);
  }
  return new PostgresPool(settings, password);
}

/**
 * Ends a pool this module created: later checkouts fail with {@link PostgresPoolDisposedError},
 * idle connections close, checked-out ones close when released. Idempotent; anything else is left alone.
 * @throws nothing: it resolves once every connection is closed.
 */
export async function disposePostgresPool(pool: object): Promise<void> {
  await disposers.get(pool)?.();
}

function poolConfig(settings: PostgresSettings, password: PasswordSource | undefined): PoolConfig {
  return {
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    // pg calls this when the server asks for a password, on every new connection: the secret is
    // never stored in the configuration, and a rotated one is read by the next connection.
    password:
      password === undefined
        ? () => Promise.reject(new PostgresConnectionError('auth_failed', settings.name, describeTarget(settings), 'the server asks for a password, but the database names no password_secret.'))
        : () => password.read(),
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    idleTimeoutMillis: settings.idleTimeoutMs,
    ...(settings.statementTimeoutMs > 0 ? { statement_timeout: settings.statementTimeoutMs } : {}),
    ssl: settings.ssl === 'disable' ? false : settings.ssl === 'require' ? { rejectUnauthorized: false } : { rejectUnauthorized: true, ...(settings.sslCa === undefined ? {} : { ca: settings.sslCa }) },
    application_name: settings.applicationName,
  };
}

/** Drops the password pg stored on a connected client and its connection parameters. */
function forgetPassword(client: PoolClient): void {
  const parameters = (client as unknown as { connectionParameters?: { password?: unknown } }).connectionParameters;
  client.password = undefined;
  if (parameters !== undefined) parameters.password = undefined;
}

function poolClass(pg: PgModule): new (settings: PostgresSettings, password: PasswordSource | undefined) => Pool {
  const PostgresPool = class PostgresPool extends pg.Pool {
    readonly #settings: PostgresSettings;
    readonly #password: PasswordSource | undefined;
    #disposed = false;
    #idleErrors = 0;

    constructor(settings: PostgresSettings, password: PasswordSource | undefined) {
      super(poolConfig(settings, password));
      this.#settings = settings;
      this.#password = password;
      // The server closing an idle connection (a restart, pg_terminate_backend) is an 'error' event
      // on the pool, which has already dropped that connection; unheard, it would end the process.
      this.on('error', () => {
        this.#idleErrors += 1;
      });
      // pg keeps the password it authenticated with on the client (hidden from plain inspect, not
      // from showHidden); once connected it is never used again, so the client forgets it.
      this.on('connect', forgetPassword);
      disposers.set(this, () => this.#dispose());
    }

    override connect(): Promise<PoolClient>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<PoolClient> | void {
      // pool.query checks out through here too, so every path gets the same checks and errors.
      const checkout = this.#checkout();
      if (callback === undefined) return checkout;
      checkout.then(
        (client) => callback(undefined, client, client.release),
        (error: Error) => callback(error, undefined, () => undefined),
      );
    }

    async #checkout(): Promise<PoolClient> {
      if (this.#disposed || this.ending) throw new PostgresPoolDisposedError(this.#settings.name, this.#disposed ? 'disposed' : 'ended');
      // Before any socket is opened: a role the secret's policy denies fails here, with the secrets error.
      await this.#password?.authorize();
      try {
        return await super.connect();
      } catch (error) {
        throw connectionFailure(error, this.#settings);
      }
    }

    async #dispose(): Promise<void> {
      if (this.#disposed) return;
      this.#disposed = true;
      if (!this.ending) await this.end();
    }

    /** Settings and counts; no password, no connection string. */
    toJSON(): unknown {
      return {
        database: this.#settings.name,
        target: describeTarget(this.#settings),
        poolSize: this.#settings.poolSize,
        total: this.totalCount,
        idle: this.idleCount,
        waiting: this.waitingCount,
        idleErrors: this.#idleErrors,
        disposed: this.#disposed,
      };
    }

    /** @internal */
    [inspect.custom](): string {
      return `PostgresPool ${inspect(this.toJSON())}`;
    }
  };
  keepClassNames({ PostgresPool });
  return PostgresPool;
}
