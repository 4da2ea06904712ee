/**
 * The composition root: the one place where the core meets the default providers.
 *
 * The core (identity, config, secrets, container, context) knows service contracts, not
 * providers; this file hands the providers in.
 */
import 'reflect-metadata';
import type { ProviderSectionsConfig } from '../providers/config-sections.js';
import { defaultProviders } from '../providers/index.js';
import type { UntypedConfig } from './config/config-paths.js';
import type { ConfigOf, ConfigSchemaFragment } from './config/schema-types.js';
import { assembleRuntimeContext, type BuildRuntimeContextOptions } from './context/build-runtime-context.js';
import type { RuntimeContext } from './context/runtime-context.js';

/**
 * The configuration type of a context built with schema `S`: the application's sections and the
 * providers' (`mxm_paths`, `mxm_databases`, `mxm_secrets`); untyped without a schema.
 */
export type RuntimeConfigOf<S extends ConfigSchemaFragment | undefined> = S extends ConfigSchemaFragment
  ? string extends keyof S
    ? UntypedConfig // a schema only known as ConfigSchemaFragment declares no particular key
    : ConfigOf<S> & ProviderSectionsConfig
  : UntypedConfig;

/**
 * Builds the runtime context of an identity: discovery fills what the identity leaves out, the
 * configuration is loaded from the store and validated, the default providers and the matching
 * deployment modules are bound, and every service is checked before the context is returned.
 *
 * @example
 * ```ts
 * const context = await buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', role: 'research' } });
 * const token = await context.secrets.getSecret('market_data_token');
 * ```
 * @throws {InversifyVersionError} when the installed inversify is not the supported major version.
 * @throws {RuntimeIdentityError} for a missing or malformed identity field, or no identity object.
 * @throws {ModuleDefinitionError} when `modules` holds something no define…Module function made.
 * @throws {ConfigError} for store, YAML and interpolation errors.
 * @throws {RuntimeContextBuildError} listing every validation problem at once.
 */
export function buildRuntimeContext<const S extends ConfigSchemaFragment | undefined = undefined>(
  options: BuildRuntimeContextOptions<S>,
): Promise<RuntimeContext<RuntimeConfigOf<S>>> {
  // The context's configuration was validated against S: that is what the type parameter records.
  return assembleRuntimeContext(options, defaultProviders) as unknown as Promise<RuntimeContext<RuntimeConfigOf<S>>>;
}
