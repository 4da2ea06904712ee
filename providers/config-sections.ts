/**
 * The config sections the built-in providers read — `mxm_paths`, `mxm_databases`, `mxm_secrets` —
 * as convict fragments, and the values in them that are never printed.
 *
 * Kept apart from the provider modules so that commands which only read configuration (`config`,
 * `diff`) validate and redact exactly as a context does without loading the container. The
 * fragments check shape only; each provider checks meaning (absolute paths, known stores) itself.
 * A section a store leaves out stays absent: every default is null.
 */
import { ConfigSchemaRegistry } from '../src/config/schema.js';
import { defineConfigSchema, type ConfigOf } from '../src/config/schema-types.js';

const pathRoot = (doc: string) => ({ doc, format: String, nullable: true, default: null }) as const;
const section = (doc: string) => ({ doc, format: Object, nullable: true, default: null }) as const;

/** `mxm_paths`: the four roots of the paths provider. */
export const PATHS_SCHEMA = defineConfigSchema({
  mxm_paths: {
    data_root: pathRoot('Root of the data the application reads and writes.'),
    artifact_root: pathRoot('Root of build and run artefacts.'),
    export_root: pathRoot('Root of exported results.'),
    log_root: pathRoot('Root of log files.'),
  },
});

/** `mxm_databases`: named connection settings. */
export const DATABASES_SCHEMA = defineConfigSchema({
  mxm_databases: section('Database settings by name; a password is named by `password_secret`, never written here.'),
});

/** `mxm_secrets`: stores, refs and policies (their wiring is checked by the secrets provider). */
export const SECRETS_SCHEMA = defineConfigSchema({
  mxm_secrets: {
    stores: section('Secret stores by name: {backend, root, options}.'),
    refs: section('Secrets by public name: {store, path, policy}.'),
    policies: section('Policies by name: {allowed_principals}.'),
  },
});

/** The sections the default providers read, as a typed configuration has them. */
export type ProviderSectionsConfig = ConfigOf<typeof PATHS_SCHEMA> & ConfigOf<typeof DATABASES_SCHEMA> & ConfigOf<typeof SECRETS_SCHEMA>;

/** A ref's backend path says where a secret lives: it is never printed. */
export const SECRETS_SENSITIVE: readonly string[] = ['mxm_secrets.refs.*.path'];

/** Store, ref and policy names are names (a ref may be called `db_password`), not credential fields. */
export const SECRETS_NAME_KEYS: readonly string[] = ['mxm_secrets.stores.*', 'mxm_secrets.refs.*', 'mxm_secrets.policies.*'];

/** Database names, and `password_secret`, which names a secret ref rather than holding a password. */
export const DATABASES_NAME_KEYS: readonly string[] = ['mxm_databases.*', 'mxm_databases.*.password_secret'];

/** The registry a context of the default providers validates against. */
export function defaultProviderSchema(): ConfigSchemaRegistry {
  return new ConfigSchemaRegistry()
    .add('mxm:paths', PATHS_SCHEMA)
    .add('mxm:databases', DATABASES_SCHEMA)
    .add('mxm:secrets', SECRETS_SCHEMA)
    .addSensitive(...SECRETS_SENSITIVE)
    .addNameKeys(...SECRETS_NAME_KEYS, ...DATABASES_NAME_KEYS);
}
