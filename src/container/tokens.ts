/**
 * The tokens of the services every runtime context offers.
 *
 * Owns: the names services are bound under. Their contracts live with their areas (config,
 * secrets) or in services.ts (paths, databases); their implementations live in providers/.
 */
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { ConfigSchemaRegistry } from '../config/schema.js';
import type { RuntimeMetadata } from '../discovery/runtime-metadata.js';
import type { RuntimeIdentity } from '../identity/runtime-identity.js';
import type { SecretsApi } from '../secrets/secrets-api.js';
import type { SecretAuditSink } from '../secrets/audit.js';
import type { SecretBackend } from '../secrets/backend.js';
import type { DatabasesApi, RuntimePaths, ServiceCheck } from './services.js';
import { createToken, type Token } from './token.js';

const core = { definedIn: 'mxm-runtime' };

/** The process's {@link RuntimeIdentity}. */
export const IDENTITY: Token<RuntimeIdentity> = createToken('mxm.identity', core);
/** The resolved, frozen configuration. */
export const CONFIG: Token<ResolvedConfig> = createToken('mxm.config', core);
/** The schema fragments the configuration was validated against. */
export const CONFIG_SCHEMA: Token<ConfigSchemaRegistry> = createToken('mxm.config.schema', core);
/** Authorization-aware secret access. */
export const SECRETS: Token<SecretsApi> = createToken('mxm.secrets', core);
/** Where secret accesses are reported (optional). */
export const SECRET_AUDIT: Token<SecretAuditSink> = createToken('mxm.secrets.audit', core);
/** Data, artifact, export and log roots. */
export const PATHS: Token<RuntimePaths> = createToken('mxm.paths', core);
/** Named database settings and their credentials. */
export const DATABASES: Token<DatabasesApi> = createToken('mxm.databases', core);
/** Facts about the execution environment. */
export const RUNTIME_METADATA: Token<RuntimeMetadata> = createToken('mxm.runtime-metadata', core);

const BACKEND_PREFIX = 'mxm.secrets.backend.';

/** The token a secret backend is bound under, by backend name (`pass`, `vault`, …). */
export function secretBackendToken(name: string): Token<SecretBackend> {
  return createToken(`${BACKEND_PREFIX}${name}`, core);
}

/** The backend name of a backend token, or undefined for any other token. */
export function backendNameOf(token: symbol): string | undefined {
  const key = Symbol.keyFor(token);
  const prefix = `mxm-runtime:${BACKEND_PREFIX}`;
  return key?.startsWith(prefix) === true ? key.slice(prefix.length) : undefined;
}

const CHECK_PREFIX = 'mxm.check.';

/** The token a service's check is bound under (`database refdata`); `doctor` runs them all. Throws nothing. */
export function serviceCheckToken(name: string): Token<ServiceCheck> {
  return createToken(`${CHECK_PREFIX}${name}`, core);
}

/** The check name of a check token's name (`mxm.check.database refdata` → `database refdata`), or undefined. Throws nothing. */
export function serviceCheckNameOf(tokenName: string): string | undefined {
  return tokenName.startsWith(CHECK_PREFIX) ? tokenName.slice(CHECK_PREFIX.length) : undefined;
}

/**
 * The token of the live client of a configured database: `mxm.database.<driver>.<name>`. Drivers
 * give it its type (`postgresPool(name)` from `mxm-runtime/postgres` is `databaseServiceToken('postgres', name)`).
 * Throws nothing.
 */
export function databaseServiceToken(driver: string, name: string): Token<unknown> {
  return createToken(`mxm.database.${driver}.${name}`, core);
}
