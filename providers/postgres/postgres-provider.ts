/**
 * The PostgreSQL provider: every `mxm_databases` entry with `driver: postgres` is bound as a live
 * pool under `databaseServiceToken('postgres', name)` (typed as `postgresPool(name)` in
 * `mxm-runtime/postgres`), with a `doctor` check under `serviceCheckToken('database <name>')`.
 *
 * Settings are checked and pg is found when the context is built (it is loaded with the first pool); a pool is constructed when it
 * is first resolved, connects on first use, and is drained and ended when the context is disposed.
 * A store without postgres databases binds nothing here and never loads pg. Owns: the bindings.
 */
import { defineProviderModule } from '../../src/container/runtime-module.js';
import { createToken } from '../../src/container/token.js';
import { SECRETS, databaseServiceToken, serviceCheckToken } from '../../src/container/tokens.js';
import type { SecretsApi } from '../../src/secrets/secrets-api.js';
import { findPg, type PgModule } from './postgres-driver.js';
import { postgresCheck, type Queryable } from './postgres-check.js';
import { createPostgresPool, disposePostgresPool, type PasswordSource } from './postgres-pool.js';
import { postgresDatabaseNames, readPostgresSettings, type PostgresSettings } from './postgres-settings.js';

/** The checked settings of every postgres database, and what loads the driver that serves them. */
interface PostgresDatabases {
  readonly settings: ReadonlyMap<string, PostgresSettings>;
  readonly pg: () => PgModule;
}

/** Resolved at build so bad settings and a missing pg are reported before the context is returned. */
const POSTGRES_DATABASES = createToken<PostgresDatabases>('mxm.postgres.databases', { definedIn: 'mxm-runtime/postgres' });

/** The password of a database, through the secrets service (policy first, then the backend). */
function passwordSource(secrets: SecretsApi, secret: string): PasswordSource {
  return {
    authorize: async () => {
      // canRead consults only the policy; getSecret then throws the same denial, audited, and
      // still never reaches a backend.
      if (!secrets.canRead(secret)) await secrets.getSecret(secret);
    },
    read: () => secrets.getSecret(secret),
  };
}

/** Binds a live pool and a check for every database with `driver: postgres`. */
export const postgresProvider = defineProviderModule({ name: 'mxm:postgres', validates: [POSTGRES_DATABASES] }, (bind, setup) => {
  const names = postgresDatabaseNames(setup.config);
  if (names.length === 0) return;
  bind(POSTGRES_DATABASES).toDynamicValue(() => {
    const settings = readPostgresSettings(setup.config, setup.identity, setup.storeRoot);
    return Object.freeze({ settings, pg: findPg(names) });
  });
  for (const name of names) {
    const token = databaseServiceToken('postgres', name);
    bind(token)
      .toDynamicValue((context) => {
        const { settings, pg } = context.get<PostgresDatabases>(POSTGRES_DATABASES);
        const own = settings.get(name) as PostgresSettings;
        const secrets = own.passwordSecret !== undefined && setup.isBound(SECRETS) ? context.get<SecretsApi>(SECRETS) : undefined;
        return createPostgresPool(pg(), own, secrets === undefined ? undefined : passwordSource(secrets, own.passwordSecret as string));
      })
      .onDeactivation((pool) => disposePostgresPool(pool as object));
    bind(serviceCheckToken(`database ${name}`)).toDynamicValue((context) => {
      const own = context.get<PostgresDatabases>(POSTGRES_DATABASES).settings.get(name) as PostgresSettings;
      return postgresCheck(own, () => context.get<Queryable>(token));
    });
  }
});
