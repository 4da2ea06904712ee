/**
 * Building a runtime context: identity → modules → configuration (validated against every
 * module's schema) → container → eager checks → facade.
 *
 * Everything that can be checked is checked before the context is returned, and every problem is
 * reported at once. Owns: that sequence. The default providers are passed in by the composition
 * root (src/compose.ts), so the core does not depend on providers/.
 */
import type { ConfigLimits } from '../config/limits.js';
import { resolveConfig } from '../config/load-config.js';
import { describeOrigin } from '../config/provenance.js';
import { defaultStoreRoot } from '../config/store.js';
import type { Explanation, ResolvedConfig } from '../config/resolved-config.js';
import { undeclaredKeys } from '../config/undeclared-keys.js';
import type { Resolver } from '../config/resolvers.js';
import { ConfigSchemaRegistry, type ConfigSchemaFragment } from '../config/schema.js';
import { checkInversifyVersion } from '../container/inversify-version.js';
import { ModuleDefinitionError, RuntimeContextBuildError } from '../container/container-errors.js';
import { loadModules, selectModules } from '../container/module-setup.js';
import { resolveService } from '../container/resolve.js';
import type { RuntimeModule } from '../container/runtime-module.js';
import { serviceName } from '../container/token.js';
import type { DiscoveryProbes } from '../discovery/probes.js';
import { buildRuntimeMetadata } from '../discovery/runtime-metadata.js';
import { MxmError, type Problem } from '../errors/mxm-error.js';
import { resolveRuntimeIdentity, type RuntimeIdentityInput } from '../identity/build.js';
import { RuntimeIdentityError } from '../identity/identity-errors.js';
import { identityKey } from '../identity/runtime-identity.js';
import { RuntimeContext } from './runtime-context.js';

/** Options of `buildRuntimeContext`; `S` is the application's schema, which types `config`. */
export interface BuildRuntimeContextOptions<S extends ConfigSchemaFragment | undefined = ConfigSchemaFragment | undefined> {
  /** The identity, whole or in part: missing fields come from MXM_* variables and discovery. */
  readonly identity: RuntimeIdentityInput;
  /** Config store root; default `MXM_CONFIG_STORE`, else `~/mxm-config-store`. */
  readonly storeRoot?: string | undefined;
  /** Explicit config overrides (nested and/or dotted keys), the last layer. */
  readonly overrides?: Readonly<Record<string, unknown>> | undefined;
  /** A dotenv file for `${oc.env:…}`. */
  readonly envFile?: string | undefined;
  /** Deployment modules; those whose selector matches load after the providers, in layer order. */
  readonly modules?: readonly RuntimeModule[] | undefined;
  /**
   * The application's own config schema, validated with the providers': values are coerced to
   * their format (`port: '8080'` becomes 8080) or reported, and `context.config` is typed by it.
   */
  readonly schema?: S;
  /**
   * Strict mode: a key in the store that no schema declares (a typo such as `server.prot`) is a
   * build problem, reported with the file and line that wrote it.
   */
  readonly strict?: boolean | undefined;
  /** Extra interpolation resolvers. */
  readonly resolvers?: ReadonlyMap<string, Resolver> | undefined;
  /** Environment variables (default `process.env`), for identity and `${oc.env:…}`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Host probes for discovery (tests). */
  readonly probes?: Partial<DiscoveryProbes> | undefined;
  /** Budgets for reading and interpolating the configuration; default `DEFAULT_CONFIG_LIMITS`. */
  readonly limits?: Partial<ConfigLimits> | undefined;
}

/**
 * Builds a context with the given provider modules. Prefer `buildRuntimeContext`, which passes the defaults.
 *
 * @throws {InversifyVersionError} when the installed inversify is not the supported major version.
 * @throws {RuntimeIdentityError} for a missing or malformed identity field, or no identity object.
 * @throws {ModuleDefinitionError} when `modules` holds something no define…Module function made.
 * @throws {ConfigError} for store, YAML and interpolation errors (which stop loading).
 * @throws {RuntimeContextBuildError} listing every validation problem: schema, `???`, undeclared
 *   keys in strict mode, secrets wiring, paths, databases, and any service that fails to resolve.
 */
export async function assembleRuntimeContext(options: BuildRuntimeContextOptions, providers: readonly RuntimeModule[]): Promise<RuntimeContext> {
  checkOptionsShape(options);
  checkInversifyVersion();
  const env = options.env ?? process.env;
  const probes = { ...options.probes, env: options.probes?.env ?? env };
  // The store the config comes from is also the one whose machines.yaml names this host, also when
  // it is only given by MXM_CONFIG_STORE (or is the default store).
  const aliasStore = options.storeRoot ?? defaultStoreRoot(env);
  const { identity, evidence } = resolveRuntimeIdentity(options.identity, { storeRoot: aliasStore, probes });
  const { loaded, manifest } = selectModules([...providers, ...(options.modules ?? [])], identity);

  const schema = new ConfigSchemaRegistry();
  for (const module of loaded) {
    if (module.schema !== undefined) schema.add(module.name, module.schema);
    if (module.sensitive !== undefined) schema.addSensitive(...module.sensitive);
    if (module.sensitiveKeys !== undefined) schema.addSensitiveKeys(...module.sensitiveKeys);
    if (module.nameKeys !== undefined) schema.addNameKeys(...module.nameKeys);
  }
  if (options.schema !== undefined) schema.add('application', options.schema);
  const { config, problems: configProblems, storeRoot } = resolveConfig({
    identity,
    storeRoot: options.storeRoot,
    overrides: options.overrides,
    envFile: options.envFile,
    env,
    schema,
    resolvers: options.resolvers,
    limits: options.limits,
  });
  const metadata = buildRuntimeMetadata(evidence);
  const container = loadModules(loaded, manifest, { identity, config, schema, metadata, storeRoot });

  const problems: Problem[] = [...configProblems];
  if (options.strict === true) problems.push(...undeclaredKeys(config.data, schema.fragments.map((f) => f.fragment), (path) => originOf(config, path)));
  for (const module of loaded) {
    for (const token of module.validates ?? []) {
      // A provider may bind nothing (no mxm_paths section): only what is bound is checked.
      if (manifest.get(token) === undefined) continue;
      try {
        resolveService(container, token, manifest);
      } catch (error) {
        problems.push(...problemsOf(error, serviceName(token)));
      }
    }
  }
  if (problems.length > 0) {
    await container.unbindAllAsync();
    // One service's fault can surface through several that depend on it: each problem is listed once.
    const unique = [...new Map(problems.map((p) => [`${p.path}\u0000${p.message}\u0000${p.source ?? ''}`, p])).values()];
    throw new RuntimeContextBuildError(identityKey(identity), unique);
  }
  return new RuntimeContext({ container, manifest, identity, evidence, config, metadata, storeRoot });
}

/** Where a value (or, for a mapping, its first leaf) was written. */
function originOf(config: ResolvedConfig, path: string): string | undefined {
  let explained: Explanation | undefined = config.explain(path);
  while (explained?.layer === undefined && explained?.leaves !== undefined) explained = explained.leaves[0];
  return explained?.layer === undefined ? undefined : describeOrigin(explained);
}

function problemsOf(error: unknown, service: string): Problem[] {
  if (error instanceof MxmError && error.problems.length > 0) return [...error.problems];
  const message = error instanceof Error ? error.message : String(error);
  return [{ path: service, message }];
}

/**
 * What JavaScript callers (no type checker) can get wrong about the options, as typed errors
 * rather than a TypeError from deep inside: the identity is an object (its fields may all come
 * from MXM_* variables, but it is there), and each module was made by defineProviderModule or
 * defineDeploymentModule.
 */
function checkOptionsShape(options: BuildRuntimeContextOptions): void {
  const given = options as Partial<BuildRuntimeContextOptions> | null | undefined;
  if (given === null || typeof given !== 'object') throw new RuntimeIdentityError([{ path: 'options', message: `buildRuntimeContext needs an options object with an identity, not ${given === null ? 'null' : typeof given}` }]);
  const identity = given.identity as unknown;
  if (identity === null || typeof identity !== 'object' || Array.isArray(identity)) {
    const what = identity === undefined ? 'missing' : identity === null ? 'null' : Array.isArray(identity) ? 'a list' : `a ${typeof identity}`;
    throw new RuntimeIdentityError([{ path: 'identity', message: `is ${what}: give an object such as { app: 'demo', environment: 'dev', role: 'research' } (fields left out come from MXM_* variables)` }]);
  }
  const modules = given.modules as unknown;
  if (modules === undefined) return;
  if (!Array.isArray(modules)) throw new ModuleDefinitionError(`modules must be a list of modules (defineDeploymentModule, defineProviderModule), not ${modules === null ? 'null' : typeof modules}.`);
  modules.forEach((module: unknown, i) => {
    const m = module as Partial<RuntimeModule> | null;
    if (m === null || typeof m !== 'object' || typeof m.register !== 'function' || (m.kind !== 'provider' && m.kind !== 'deployment')) {
      throw new ModuleDefinitionError(`modules[${i}] is not a module: make it with defineDeploymentModule or defineProviderModule.`);
    }
  });
}
