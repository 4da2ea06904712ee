/**
 * The config store layout and the layer plan for an identity.
 *
 * `<store_root>/apps/<app>/default.yaml` is required; `environment.yaml`, `machine.yaml`,
 * `substrate.yaml` and `role.yaml` are optional mappings of selector → block. Owns: finding the
 * files, selecting the blocks, and the errors that name the file, dimension, selector and the
 * selectors available. Does not own: merging (merge.ts).
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { RuntimeIdentity } from '../identity/runtime-identity.js';
import { ConfigError } from './config-errors.js';
import { isMapping } from './key-path.js';
import type { LayerName } from './provenance.js';
import { readYamlFile } from './yaml-reader.js';

/** The identity dimensions that select a layer, in merge order. */
export const DIMENSIONS = ['environment', 'machine', 'substrate', 'role'] as const;
/** One of the selecting dimensions. */
export type Dimension = (typeof DIMENSIONS)[number];

/** One entry of the layer plan: a file considered, and what came of it. */
export interface PlannedLayer {
  readonly layer: LayerName;
  /** Path relative to the store root (`apps/demo/role.yaml`); absent for overrides. */
  readonly file?: string | undefined;
  /** The identity value used to select the block, for dimension layers. */
  readonly selector?: string | undefined;
  /** `loaded`, or `absent` when an optional file does not exist. */
  readonly status: 'loaded' | 'absent';
}

/** A layer that was loaded, with its data. */
export interface LoadedLayer extends PlannedLayer {
  readonly data: Readonly<Record<string, unknown>>;
}

/** The default store root: `MXM_CONFIG_STORE`, else `~/mxm-config-store`. */
export function defaultStoreRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = env['MXM_CONFIG_STORE'];
  return fromEnv !== undefined && fromEnv !== '' ? expandHome(fromEnv) : join(homedir(), 'mxm-config-store');
}

/** Expands a leading `~` to the home directory. */
export function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return path;
}

/**
 * Reads every layer file of the identity's app, in merge order.
 *
 * @throws {ConfigError} `CONFIG_STORE_NOT_FOUND`, `CONFIG_APP_NOT_FOUND` (lists the apps there),
 *   `CONFIG_FILE_NOT_FOUND` (no default.yaml), `CONFIG_NOT_A_MAPPING`, `CONFIG_SELECTOR_NOT_FOUND`
 *   (lists the available selectors), or any reading error of {@link readYamlFile}.
 */
export function readStoreLayers(identity: RuntimeIdentity, storeRoot: string, maxFileBytes?: number): { readonly root: string; readonly layers: readonly LoadedLayer[]; readonly plan: readonly PlannedLayer[] } {
  const root = resolve(expandHome(storeRoot));
  const appRoot = join(root, 'apps', identity.app);
  if (!isDirectory(appRoot)) {
    if (!isDirectory(root)) {
      throw new ConfigError('CONFIG_STORE_NOT_FOUND', `Config store not found: ${root} is not a directory. Pass --store-root or set MXM_CONFIG_STORE.`);
    }
    throw new ConfigError(
      'CONFIG_APP_NOT_FOUND',
      `Application configuration root not found: ${appRoot}. Expected <store_root>/apps/${identity.app}/. Apps in this store: ${listApps(root)}.`,
    );
  }
  const rel = (file: string): string => relative(root, file);
  const defaultFile = join(appRoot, 'default.yaml');
  if (!entryExists(defaultFile)) {
    throw new ConfigError('CONFIG_FILE_NOT_FOUND', `Required configuration file not found: ${defaultFile}.`);
  }
  const layers: LoadedLayer[] = [];
  const plan: PlannedLayer[] = [];
  layers.push({ layer: 'default', file: rel(defaultFile), status: 'loaded', data: readMappingFile(defaultFile, maxFileBytes) });
  plan.push({ layer: 'default', file: rel(defaultFile), status: 'loaded' });
  for (const dimension of DIMENSIONS) {
    const file = join(appRoot, `${dimension}.yaml`);
    const selector = identity[dimension];
    if (!entryExists(file)) {
      plan.push({ layer: dimension, file: rel(file), selector, status: 'absent' });
      continue;
    }
    const data = selectBlock(readMappingFile(file, maxFileBytes), file, dimension, selector);
    layers.push({ layer: dimension, file: rel(file), selector, status: 'loaded', data });
    plan.push({ layer: dimension, file: rel(file), selector, status: 'loaded' });
  }
  return { root, layers, plan };
}

function readMappingFile(file: string, maxBytes: number | undefined): Record<string, unknown> {
  const { data } = readYamlFile(file, maxBytes);
  if (data === null) return {};
  if (!isMapping(data)) {
    throw new ConfigError('CONFIG_NOT_A_MAPPING', `Configuration file must contain a mapping at its top level: ${file} holds ${describeType(data)}.`);
  }
  return data;
}

function selectBlock(data: Record<string, unknown>, file: string, dimension: Dimension, selector: string): Record<string, unknown> {
  if (!Object.prototype.hasOwnProperty.call(data, selector)) {
    const available = Object.keys(data);
    throw new ConfigError(
      'CONFIG_SELECTOR_NOT_FOUND',
      `Selector '${selector}' for dimension '${dimension}' not found in ${file}. Available selectors: ${available.length === 0 ? '(none)' : available.join(', ')}.`,
    );
  }
  const block = data[selector];
  if (!isMapping(block)) {
    throw new ConfigError(
      'CONFIG_NOT_A_MAPPING',
      `Selected block for dimension '${dimension}' and selector '${selector}' in ${file} must be a mapping; it holds ${describeType(block)}.`,
    );
  }
  return block;
}

/** Names a value's type in words for error messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}

/** Whether anything (even a broken symlink) stands at `path`: such a thing is read, and its fault reported, never skipped. */
function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function listApps(root: string): string {
  const apps = join(root, 'apps');
  if (!isDirectory(apps)) return '(none: no apps/ directory)';
  try {
    const names = readdirNames(apps);
    return names.length === 0 ? '(none)' : names.join(', ');
  } catch {
    return '(unreadable)';
  }
}

function readdirNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
