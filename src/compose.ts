/**
 * The composition root: the one place where the core meets the default providers.
 *
 * The core (identity, config, secrets, container, context) knows service contracts, not
 * providers; this file hands the providers in.
 */
import 'reflect-metadata';
import { defaultProviders } from '../providers/index.js';
import { assembleRuntimeContext, type BuildRuntimeContextOptions } from './context/build-runtime-context.js';
import type { RuntimeContext } from './context/runtime-context.js';

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
 * @throws {RuntimeIdentityError} for a missing or malformed identity field.
 * @throws {ConfigError} for store, YAML and interpolation errors.
 * @throws {RuntimeContextBuildError} listing every validation problem at once.
 */
export function buildRuntimeContext(options: BuildRuntimeContextOptions): Promise<RuntimeContext> {
  return assembleRuntimeContext(options, defaultProviders);
}
