/**
 * A configuration made from plain data instead of a store: mxm-config's `make_subconfig`.
 *
 * For application tests and tools that need a `ResolvedConfig` without a config store. Owns:
 * nothing but the entry point; the steps are load-config's.
 */
import { ConfigError, ConfigValidationError } from './config-errors.js';
import { isMapping } from './key-path.js';
import { settleLayers, type SettleOptions } from './load-config.js';
import { expandOverrides } from './overrides.js';
import type { ResolvedConfig } from './resolved-config.js';

/**
 * Makes a resolved, deep-frozen configuration from plain data (nested mappings and/or dotted
 * paths). The input is copied, never frozen or kept. Provenance names the layer `overrides`.
 *
 * @example
 * ```ts
 * const config = configFromData({ base: '/tmp/mxm', data_root: '${base}/data' });
 * config.get('data_root'); // '/tmp/mxm/data'
 * ```
 * @throws {ConfigError} `CONFIG_NOT_A_MAPPING` when `data` is not a mapping; any interpolation error.
 * @throws {ConfigValidationError} listing every schema problem and every unset `???`.
 */
export function configFromData(data: Readonly<Record<string, unknown>>, options: SettleOptions = {}): ResolvedConfig {
  if (!isMapping(data)) {
    throw new ConfigError('CONFIG_NOT_A_MAPPING', `configFromData needs a mapping of keys to values, not ${Array.isArray(data) ? 'a list' : typeof data}.`);
  }
  const { config, problems } = settleLayers([{ data: expandOverrides(data), origin: { layer: 'overrides' } }], Object.freeze([{ layer: 'overrides', status: 'loaded' }]), options);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}
