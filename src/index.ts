/**
 * mxm-runtime: runtime identity, layered configuration, secrets and service assembly.
 * The public API, and nothing else.
 */
import 'reflect-metadata';

export { MxmError, escapeControlCharacters, type Problem } from './errors/mxm-error.js';

export { IDENTITY_FIELDS, identityKey, type IdentityField, type RuntimeIdentity } from './identity/runtime-identity.js';
export { buildRuntimeIdentity, resolveRuntimeIdentity, IDENTITY_ENV_VARS, type RuntimeIdentityInput, type ResolvedIdentity, type BuildIdentityOptions } from './identity/build.js';
export { validateRuntimeIdentityShape } from './identity/validate.js';
export { attestRuntimeIdentity, discoverHostFacts, type Attestation, type AttestOptions } from './identity/attest.js';
export { RuntimeIdentityError, RuntimeIdentityAttestationError, type AttestationMismatch } from './identity/identity-errors.js';

export { discoverMachine, discoverMachineWithEvidence, unqualifiedHostname, type MachineDiscoveryOptions } from './discovery/machine.js';
export { discoverSubstrate, discoverSubstrateWithEvidence, KNOWN_SUBSTRATES, isContainerSubstrate } from './discovery/substrate.js';
export { readMachineAliases, matchMachineAlias, MACHINE_ALIASES_FILE, type MachineAlias } from './discovery/machine-aliases.js';
export type { Discovered, EvidenceSource } from './discovery/evidence.js';
export type { DiscoveryProbes } from './discovery/probes.js';
export type { RuntimeMetadata } from './discovery/runtime-metadata.js';

export { loadConfig, resolveConfig, type LoadConfigOptions, type ConfigResolution, type SettleOptions } from './config/load-config.js';
export { configFromData } from './config/config-from-data.js';
export { ResolvedConfig, ConfigView, makeView, toConfigData, type Explanation } from './config/resolved-config.js';
export { ConfigError, ConfigValidationError, type ConfigErrorCode } from './config/config-errors.js';
export { ConfigSchemaRegistry, type ContributedSchema } from './config/schema.js';
export { defineConfigSchema, type ConfigSchemaFragment, type ConfigOf, type SchemaLeaf, type SchemaFormat, type NamedSchemaFormat } from './config/schema-types.js';
export type { ConfigKeyPath, ConfigValue, UntypedConfig } from './config/config-paths.js';
export type { ProvenanceIndex } from './config/merge.js';
export { defaultStoreRoot, DIMENSIONS, type PlannedLayer } from './config/store.js';
export { describeOrigin, LAYER_NAMES, type LayerName, type Provenance, type ValueOrigin } from './config/provenance.js';
export { parseAssignments, expandOverrides } from './config/overrides.js';
export { REDACTED } from './config/redaction.js';
export { DEFAULT_SENSITIVE_KEY_NAMES, SensitivityRules, SensitivePaths } from './config/sensitivity.js';
export type { PathSegment } from './config/key-path.js';
export { DEFAULT_CONFIG_LIMITS, type ConfigLimits } from './config/limits.js';
export type { Resolver, ResolverContext } from './config/resolvers.js';

export { SecretsApi, DEFAULT_SECRET_TIMEOUT_MS, type GetSecretOptions, type SecretListing, type SecretsApiOptions, type StoreReadiness } from './secrets/secrets-api.js';
export {
  BackendFailure,
  DEFAULT_MAX_SECRET_BYTES,
  trimOneNewline,
  type BackendFailureKind,
  type ReadLimits,
  type SecretBackend,
  type SecretLocation,
  type StoreDescriptor,
  type BackendReadiness,
} from './secrets/backend.js';
export { STORE_OPTION_RANGES, type OptionRange } from './secrets/secrets-config.js';
export { Redacted } from './secrets/redacted.js';
export type { SecretAuditEvent, SecretAuditSink } from './secrets/audit.js';
export type { SecretPolicy, SecretRef, SecretStore } from './secrets/models.js';
export type { SecretsModel } from './secrets/secrets-config.js';
export type { Registry } from './secrets/registry.js';
export * from './secrets/secrets-errors.js';

export { createToken, tokenInfo, type Token, type TokenInfo } from './container/token.js';
export { IDENTITY, CONFIG, CONFIG_SCHEMA, SECRETS, SECRET_AUDIT, PATHS, DATABASES, RUNTIME_METADATA, secretBackendToken, serviceCheckToken, databaseServiceToken } from './container/tokens.js';
export type { RuntimePaths, DatabasesApi, DatabaseSettings, DatabaseCredentials, ServiceCheck, ServiceCheckResult } from './container/services.js';
export { defineDeploymentModule, defineProviderModule, MODULE_LAYERS, type RuntimeModule, type ModuleSelector, type ModuleSetup, type BindFn, type DeploymentModuleDefinition, type ModuleLayer } from './container/runtime-module.js';
export type { BindingManifest, BindingRecord, ModuleRecord } from './container/manifest.js';
export type { RuntimeSnapshot } from './container/snapshot.js';
export { ContainerResolutionError, AmbiguousBindingError, ModuleDefinitionError, RuntimeContextBuildError, ContextDisposedError } from './container/container-errors.js';

export { InversifyVersionError, SUPPORTED_INVERSIFY_MAJOR } from './container/inversify-version.js';
// inversify's decorators, from the copy the package's container uses (the bundle carries its own):
// an application can decorate its classes without importing inversify itself.
export { inject, injectable, multiInject, named, optional, tagged, unmanaged, postConstruct, preDestroy, injectFromBase, injectFromHierarchy, decorate, LazyServiceIdentifier } from 'inversify';
export { RuntimeContext } from './context/runtime-context.js';
export type { BuildRuntimeContextOptions } from './context/build-runtime-context.js';
export { buildRuntimeContext, type RuntimeConfigOf } from './compose.js';

export { defaultProviders } from '../providers/index.js';
export { DotenvSecretBackend, EnvSecretBackend, FileSecretBackend, GopassSecretBackend, MemorySecretBackend, PassSecretBackend } from '../providers/secrets/index.js';
export { CommandSecretBackend } from '../providers/secrets/backends/command-backend.js';
export { PathsConfigError } from '../providers/paths.js';
export { DatabasesError } from '../providers/databases.js';
export type { ProviderSectionsConfig } from '../providers/config-sections.js';
export { backendProvider } from '../providers/index.js';
