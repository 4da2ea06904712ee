/**
 * Loading the configuration of an identity: plan → read → merge → interpolate → validate → freeze.
 *
 * Owns: the order of those steps and the options that steer them. Each step lives in its own
 * module; this one only composes them.
 */
import type { Problem } from '../errors/mxm-error.js';
import type { RuntimeIdentity } from '../identity/runtime-identity.js';
import { validateRuntimeIdentityShape } from '../identity/validate.js';
import { ConfigValidationError } from './config-errors.js';
import { envLookup } from './env-file.js';
import { deepFreeze } from './freeze.js';
import { resolveInterpolations } from './interpolation.js';
import { configLimits, type ConfigLimits } from './limits.js';
import { mergeLayers, type MergeLayer } from './merge.js';
import { expandOverrides } from './overrides.js';
import { ResolvedConfig } from './resolved-config.js';
import type { Resolver } from './resolvers.js';
import { ConfigSchemaRegistry, findMissingMandatory } from './schema.js';
import { SensitivePaths } from './sensitivity.js';
import { defaultStoreRoot, readStoreLayers, type PlannedLayer } from './store.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  readonly identity: RuntimeIdentity;
  /** Config store root; default `MXM_CONFIG_STORE`, else `~/mxm-config-store`. */
  readonly storeRoot?: string | undefined;
  /** Explicit overrides, the last layer: nested mappings and/or dotted paths. */
  readonly overrides?: Readonly<Record<string, unknown>> | undefined;
  /** A dotenv file whose variables `${oc.env:…}` may read (the process environment wins). */
  readonly envFile?: string | undefined;
  /** Environment for `${oc.env:…}`; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Schema fragments to validate against. */
  readonly schema?: ConfigSchemaRegistry | undefined;
  /** Extra interpolation resolvers. */
  readonly resolvers?: ReadonlyMap<string, Resolver> | undefined;
  /** `false` leaves interpolations unresolved (`config --no-resolve`); validation is skipped then. */
  readonly resolve?: boolean | undefined;
  /** Budgets for reading and interpolation; default {@link DEFAULT_CONFIG_LIMITS}. */
  readonly limits?: Partial<ConfigLimits> | undefined;
}

/** A loaded configuration and the validation problems found, for callers that aggregate problems. */
export interface ConfigResolution {
  readonly config: ResolvedConfig;
  readonly problems: readonly Problem[];
  /** The absolute store root used. */
  readonly storeRoot: string;
}

/**
 * Loads, merges, resolves and validates without throwing for validation problems (they are returned).
 *
 * @throws {RuntimeIdentityError} for a malformed identity.
 * @throws {ConfigError} for any store, YAML, override or interpolation error.
 */
export function resolveConfig(options: LoadConfigOptions): ConfigResolution {
  validateRuntimeIdentityShape(options.identity);
  const limits = configLimits(options.limits);
  const { root, layers, plan } = readStoreLayers(options.identity, options.storeRoot ?? defaultStoreRoot(options.env ?? process.env), limits.maxFileBytes);
  // Parsed for this load alone: the merge may keep the parsed objects.
  const mergeInput: MergeLayer[] = layers.map((l) => ({ data: l.data, origin: { layer: l.layer, file: l.file, selector: l.selector }, owned: true }));
  const fullPlan: PlannedLayer[] = [...plan];
  if (options.overrides !== undefined && Object.keys(options.overrides).length > 0) {
    mergeInput.push({ data: expandOverrides(options.overrides, limits.maxKeyPathSegments), origin: { layer: 'overrides' } });
    fullPlan.push({ layer: 'overrides', status: 'loaded' });
  }
  return { ...settleLayers(mergeInput, Object.freeze(fullPlan), options), storeRoot: root };
}

/** Options of {@link settleLayers}: how to interpolate and validate. */
export type SettleOptions = Pick<LoadConfigOptions, 'envFile' | 'env' | 'schema' | 'resolvers' | 'resolve' | 'limits'>;

/**
 * Merge → interpolate → validate → freeze, for layers already read.
 *
 * @throws {ConfigError} for a failed interpolation.
 */
export function settleLayers(mergeInput: readonly MergeLayer[], plan: readonly PlannedLayer[], options: SettleOptions): Omit<ConfigResolution, 'storeRoot'> {
  const { data, provenance } = mergeLayers(mergeInput);
  const schema = options.schema ?? new ConfigSchemaRegistry();
  const problems: Problem[] = [];
  const rules = schema.sensitivityRules();
  let sensitive = new SensitivePaths(rules);
  if (options.resolve !== false) {
    const limits = configLimits(options.limits);
    const { derivedSensitive } = resolveInterpolations(data, {
      env: envLookup(options.envFile, options.env ?? process.env, limits.maxFileBytes),
      provenance,
      sensitivity: rules,
      limits,
      ...(options.resolvers === undefined ? {} : { resolvers: options.resolvers }),
    });
    sensitive = new SensitivePaths(rules, derivedSensitive);
    problems.push(...findMissingMandatory(data, provenance));
    problems.push(...schema.validate(data, provenance, sensitive));
  }
  deepFreeze(data);
  const config = new ResolvedConfig({ data, provenance, sensitive }, plan);
  return { config, problems };
}

/**
 * Loads the configuration of an identity from the config store.
 *
 * Merge order, lowest to highest: `default.yaml`, `environment.yaml[environment]`,
 * `machine.yaml[machine]`, `substrate.yaml[substrate]`, `role.yaml[role]`, overrides;
 * interpolations are resolved after the merge; the result is deep-frozen.
 *
 * @example
 * ```ts
 * const config = loadConfig({ identity, storeRoot: '/etc/mxm-config-store' });
 * config.get('parameters.refresh_interval');
 * ```
 * @throws {RuntimeIdentityError} for a malformed identity.
 * @throws {ConfigError} for a missing store, app, default.yaml or selector (naming the file and
 *   the selectors available), invalid YAML, a non-mapping root or block, bad overrides, or a
 *   failed interpolation (naming the key path, file and chain).
 * @throws {ConfigValidationError} listing every schema problem and every unset `???`.
 */
export function loadConfig(options: LoadConfigOptions): ResolvedConfig {
  const { config, problems } = resolveConfig(options);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}
