/**
 * The databases provider: binds DATABASES, the named settings of `mxm_databases`, frozen.
 *
 * A database may name a secret (`password_secret: refdata_db_password`); it is resolved through
 * SECRETS, with its policy, only when `credentials(name)` is called, and is never stored in
 * configuration. No connection is opened here: a database with a `driver` gets its live client
 * from that driver's provider (providers/postgres for `driver: postgres`).
 */
import { MxmError, formatProblems, type Problem, keepClassNames } from '../src/errors/mxm-error.js';
import { defineProviderModule } from '../src/container/runtime-module.js';
import type { DatabaseCredentials, DatabaseSettings, DatabasesApi } from '../src/container/services.js';
import { DATABASES, SECRETS } from '../src/container/tokens.js';
import { Redacted } from '../src/secrets/redacted.js';
import { REDACTED } from '../src/config/redaction.js';
import { inspect } from 'node:util';
import type { SecretsApi } from '../src/secrets/secrets-api.js';
import { DATABASES_NAME_KEYS, DATABASES_SCHEMA } from './config-sections.js';
import { isMapping } from '../src/config/key-path.js';

/** Errors of the databases service. */
export class DatabasesError extends MxmError {}

/** The databases service over frozen settings. */
export class Databases implements DatabasesApi {
  // Private fields: a spread, Object.keys or inspect without custom inspection reaches none of them.
  readonly #settings: ReadonlyMap<string, DatabaseSettings>;
  readonly #secrets: () => SecretsApi | undefined;
  readonly #printable: (() => unknown) | undefined;

  /**
   * @param printable the section as every printed form shows it (sensitive values redacted: a
   *   password written into the settings, a host made from a secret); without it, printed forms
   *   show the names alone.
   * @throws {DatabasesError} `DATABASES_INVALID` listing every entry that is not a mapping or names
   *   a secret that is not configured.
   */
  constructor(section: unknown, secrets: () => SecretsApi | undefined, printable?: () => unknown) {
    this.#secrets = secrets;
    this.#printable = printable;
    const data = (section ?? {}) as Record<string, unknown>;
    const problems: Problem[] = [];
    const settings = new Map<string, DatabaseSettings>();
    if (!isMapping(data)) problems.push({ path: 'mxm_databases', message: 'must be a mapping of name → settings' });
    else {
      for (const [name, entry] of Object.entries(data)) {
        if (!isMapping(entry)) {
          problems.push({ path: `mxm_databases.${name}`, message: 'must be a mapping of settings' });
          continue;
        }
        const secret = entry['password_secret'];
        if (secret !== undefined) {
          const api = this.#secrets();
          if (typeof secret !== 'string') problems.push({ path: `mxm_databases.${name}.password_secret`, message: 'must be a secret name' });
          else if (api === undefined) problems.push({ path: `mxm_databases.${name}.password_secret`, message: 'names a secret, but no secrets service is bound' });
          else if (!api.names().includes(secret)) {
            problems.push({ path: `mxm_databases.${name}.password_secret`, message: `unknown secret '${secret}'. Configured secrets: ${api.names().join(', ') || '(none)'}` });
          }
        }
        settings.set(name, Object.freeze({ ...entry }));
      }
    }
    if (problems.length > 0) throw new DatabasesError('DATABASES_INVALID', `Databases configuration (mxm_databases) is invalid:\n${formatProblems(problems)}`, { problems });
    this.#settings = settings;
    Object.freeze(this);
  }

  names(): string[] {
    return [...this.#settings.keys()].sort();
  }

  get(name: string): DatabaseSettings {
    const found = this.#settings.get(name);
    if (found === undefined) {
      throw new DatabasesError('DATABASE_UNKNOWN', `Unknown database '${name}'. Configured databases: ${this.names().join(', ') || '(none)'}.`);
    }
    return found;
  }

  async credentials(name: string): Promise<DatabaseCredentials> {
    const settings = this.get(name);
    const secret = settings['password_secret'];
    if (typeof secret !== 'string') {
      throw new DatabasesError('DATABASE_NO_SECRET', `Database '${name}' names no password_secret; it has no credentials to resolve.`);
    }
    const api = this.#secrets() as SecretsApi;
    const username = settings['user'] ?? settings['username'];
    return Object.freeze({
      username: typeof username === 'string' ? username : undefined,
      password: Redacted.of(await api.getSecret(secret)),
    });
  }

  /** Names and settings as printed: sensitive values redacted, no credentials. */
  toJSON(): unknown {
    return this.#printable?.() ?? Object.fromEntries(this.names().map((name) => [name, REDACTED]));
  }

  /** @internal */
  [inspect.custom](): string {
    return `Databases ${inspect(this.toJSON(), { depth: 4 })}`;
  }
}

/** Binds DATABASES (an empty set when the configuration has no `mxm_databases`). */
export const databasesProvider = defineProviderModule({ name: 'mxm:databases', schema: DATABASES_SCHEMA, nameKeys: DATABASES_NAME_KEYS, validates: [DATABASES] }, (bind, setup) => {
  bind(DATABASES).toDynamicValue((context) => {
    const section = setup.config.has('mxm_databases') ? setup.config.get('mxm_databases') : {};
    const secrets = setup.isBound(SECRETS) ? context.get<SecretsApi>(SECRETS) : undefined;
    return new Databases(section, () => secrets, () => (isMapping(section) && setup.config.has('mxm_databases') ? setup.config.viewAt('mxm_databases').toJSON() : {}));
  });
});

keepClassNames({ DatabasesError, Databases });
