/**
 * Runtime modules: the unit that binds services into a context's container.
 *
 * Providers (providers/) and deployment modules are both runtime modules. A deployment module's
 * `when` selects on identity fields; matching modules load after the providers in layer order —
 * default, environment, machine, substrate, role — the layer being the most specific field its
 * selector names, so services layer exactly as configuration does. Owns: module definitions,
 * selection and ordering.
 */
import type { BindToFluentSyntax, ServiceIdentifier } from 'inversify';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { ConfigSchemaFragment, ConfigSchemaRegistry } from '../config/schema.js';
import type { RuntimeMetadata } from '../discovery/runtime-metadata.js';
import { IDENTITY_FIELDS, type IdentityField, type RuntimeIdentity } from '../identity/runtime-identity.js';
import { ModuleDefinitionError } from './container-errors.js';
import type { Token } from './token.js';

/** Identity fields a module selects on; a list means any of them. */
export type ModuleSelector = Partial<Record<IdentityField, string | readonly string[]>>;

/** The layers modules load in, lowest first. */
export const MODULE_LAYERS = ['providers', 'default', 'environment', 'machine', 'substrate', 'role'] as const;
/** A module layer. */
export type ModuleLayer = (typeof MODULE_LAYERS)[number];

/**
 * Binds a token; in a deployment module, binding a token an earlier module bound replaces it.
 * A {@link Token} types its binding: `bind(SECRETS).toConstantValue('x')` does not compile.
 */
export interface BindFn {
  <T>(token: Token<T>): BindToFluentSyntax<T>;
  <T>(token: ServiceIdentifier<T>): BindToFluentSyntax<T>;
}

/** What a module sees while it registers. */
export interface ModuleSetup {
  readonly identity: RuntimeIdentity;
  readonly config: ResolvedConfig;
  /** The schema fragments the configuration was validated against (every loaded module's). */
  readonly schema: ConfigSchemaRegistry;
  readonly metadata: RuntimeMetadata;
  /** The absolute config store root (relative file locations in config are read against it). */
  readonly storeRoot: string;
  /** Whether a token is bound by an earlier module. */
  isBound(token: ServiceIdentifier): boolean;
  /** Every token bound so far; read it lazily (in a factory) to see what later modules bound. */
  boundTokens(): readonly ServiceIdentifier[];
}

/** A unit of bindings. */
export interface RuntimeModule {
  readonly name: string;
  readonly kind: 'provider' | 'deployment';
  readonly when?: ModuleSelector | undefined;
  /** Config schema this module's services need; validated once at build. */
  readonly schema?: ConfigSchemaFragment | undefined;
  /** Key-path patterns (`*` = any one key) of values to redact in every output. */
  readonly sensitive?: readonly string[] | undefined;
  /** Key names to treat as credentials wherever they appear, besides the defaults (`ssn`, `iban`). */
  readonly sensitiveKeys?: readonly string[] | undefined;
  /** Key-path patterns of keys that are names, not credential fields (`mxm_secrets.refs.*`): the key-name rule skips them. */
  readonly nameKeys?: readonly string[] | undefined;
  /** Tokens resolved at build (when bound) so their problems surface before the context is returned. */
  readonly validates?: readonly ServiceIdentifier[] | undefined;
  register(bind: BindFn, setup: ModuleSetup): void;
}

/** The definition of a deployment module. */
export interface DeploymentModuleDefinition {
  readonly name: string;
  readonly when?: ModuleSelector | undefined;
  readonly schema?: ConfigSchemaFragment | undefined;
  readonly sensitive?: readonly string[] | undefined;
  readonly sensitiveKeys?: readonly string[] | undefined;
  readonly nameKeys?: readonly string[] | undefined;
  readonly validates?: readonly ServiceIdentifier[] | undefined;
}

function checkDefinition(definition: DeploymentModuleDefinition): void {
  if (typeof definition.name !== 'string' || definition.name.trim() === '') throw new ModuleDefinitionError('A module needs a non-empty name.');
  for (const field of Object.keys(definition.when ?? {})) {
    if (!(IDENTITY_FIELDS as readonly string[]).includes(field)) {
      throw new ModuleDefinitionError(`Module '${definition.name}' selects on unknown field '${field}'. Selector fields: ${IDENTITY_FIELDS.join(', ')}.`);
    }
  }
}

/**
 * Defines a deployment module: bindings for the identities its selector matches.
 *
 * @example
 * ```ts
 * export const dockerSecrets = defineDeploymentModule({ name: 'docker', when: { substrate: 'docker' } }, (bind) => {
 *   bind(SECRET_AUDIT).toConstantValue((event) => auditLog.write(event));
 * });
 * ```
 * @throws {ModuleDefinitionError} for an empty name or a selector on an unknown field.
 */
export function defineDeploymentModule(definition: DeploymentModuleDefinition, register: (bind: BindFn, setup: ModuleSetup) => void): RuntimeModule {
  checkDefinition(definition);
  return Object.freeze({ ...definition, kind: 'deployment' as const, register });
}

/**
 * Defines a provider module (the built-in services; loaded before every deployment module).
 * @throws {ModuleDefinitionError} for an empty name.
 */
export function defineProviderModule(definition: Omit<DeploymentModuleDefinition, 'when'>, register: (bind: BindFn, setup: ModuleSetup) => void): RuntimeModule {
  checkDefinition(definition);
  return Object.freeze({ ...definition, kind: 'provider' as const, register });
}

/** The layer a module loads in. */
export function moduleLayer(module: RuntimeModule): ModuleLayer {
  if (module.kind === 'provider') return 'providers';
  const fields = Object.keys(module.when ?? {});
  for (const layer of ['role', 'substrate', 'machine', 'environment'] as const) if (fields.includes(layer)) return layer;
  return 'default';
}

/** Why a module's selector does not match an identity, or undefined when it matches. */
export function selectorMismatch(selector: ModuleSelector | undefined, identity: RuntimeIdentity): string | undefined {
  for (const [field, wanted] of Object.entries(selector ?? {})) {
    const values = typeof wanted === 'string' ? [wanted] : (wanted as readonly string[]);
    const actual = identity[field as IdentityField];
    if (!values.includes(actual)) return `${field} is '${actual}', module wants ${values.map((v) => `'${v}'`).join(' or ')}`;
  }
  return undefined;
}

/** Modules in load order: providers first, then by layer; stable within a layer. */
export function orderModules(modules: readonly RuntimeModule[]): RuntimeModule[] {
  return modules
    .map((module, index) => ({ module, index, rank: MODULE_LAYERS.indexOf(moduleLayer(module)) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((e) => e.module);
}
