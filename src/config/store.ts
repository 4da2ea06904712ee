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
import { parseTemplate } from './interpolation-grammar.js';
import { isMapping, lookup, referencedPath, type PathSegment } from './key-path.js';
import { deepCopy } from './merge.js';
import { pythonFloatRepr } from './python-text.js';
import { keyTypeOf, PyFloat } from './python-values.js';
import type { LayerName } from './provenance.js';
import { keyLinesOf } from './yaml-data.js';
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
  checkInterpolations(data, file, '');
  return data;
}

/**
 * Parses every interpolation of a file as it is read, as OmegaConf does when it loads the file:
 * a malformed one is an error even in a block no identity selects, or under a key a later
 * layer replaces.
 */
function checkInterpolations(value: unknown, file: string, path: string): void {
  if (typeof value === 'string') {
    if (value.includes('${')) parseTemplate(value, `'${path}' (${file})`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkInterpolations(item, file, `${path}[${i}]`));
  } else if (isMapping(value)) {
    const lines = keyLinesOf(value);
    for (const key of Object.keys(value)) {
      const line = lines?.get(key);
      checkInterpolations(value[key], line === undefined ? file : `${file}:${line}`, path === '' ? key : `${path}.${key}`);
    }
  }
}

function selectBlock(data: Record<string, unknown>, file: string, dimension: Dimension, selector: string): Record<string, unknown> {
  // The identity's value is a string: like mxm-config (`selector in cfg`), it selects a string key
  // only, so `1:` or `true:` in YAML (an int, a bool) never matches environment '1' or 'True'.
  if (!Object.prototype.hasOwnProperty.call(data, selector) || keyTypeOf(data, selector) !== 'str') {
    const available = Object.keys(data).map((k) => (keyTypeOf(data, k) === 'str' ? k : `${k} (${keyTypeOf(data, k)}, not a string: quote it)`));
    throw new ConfigError(
      'CONFIG_SELECTOR_NOT_FOUND',
      `Selector '${selector}' for dimension '${dimension}' not found in ${file}. Available selectors: ${available.length === 0 ? '(none)' : available.join(', ')}.`,
    );
  }
  const block = referencedBlock(data, data[selector], selector);
  if (!isMapping(block)) {
    throw new ConfigError(
      'CONFIG_NOT_A_MAPPING',
      `Selected block for dimension '${dimension}' and selector '${selector}' in ${file} must be a mapping; it holds ${describeType(block)}.`,
    );
  }
  return block;
}

/** Longest chain of whole references followed to a dimension block. */
const MAX_BLOCK_REFERENCES = 32;

/**
 * A block that is a whole reference to another key of its file (`dev: ${prod}`) is that key's
 * mapping, as OmegaConf resolves `cfg[selector]`; anything else is returned as it is.
 */
function referencedBlock(data: Record<string, unknown>, block: unknown, selector: string): unknown {
  let current = block;
  let at: PathSegment[] = [selector];
  for (let hops = 0; hops < MAX_BLOCK_REFERENCES && typeof current === 'string' && current.includes('${'); hops += 1) {
    let template;
    try {
      template = parseTemplate(current, `'${selector}'`);
    } catch {
      return current;
    }
    const only = template[0];
    if (template.length !== 1 || only?.kind !== 'node' || only.key.length !== 1 || only.key[0]?.kind !== 'text') return current;
    let target: PathSegment[] | undefined;
    try {
      target = referencedPath(only.key[0].text, at);
    } catch {
      return current;
    }
    const found = target === undefined ? undefined : lookup(data, target);
    if (found === undefined || !found.found || target === undefined) return current;
    current = found.value;
    at = target;
  }
  // A followed reference is copied: the merge takes ownership of its block.
  return isMapping(current) && current !== block ? deepCopy(current) : current;
}

/** Names a value's type in words for error messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof PyFloat) return `a float (${pythonFloatRepr(value.value)})`;
  if (typeof value === 'bigint') return `an int (${value})`;
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
