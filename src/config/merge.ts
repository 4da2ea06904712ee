/**
 * Merging layers the way OmegaConf merges them, recording the provenance of every leaf.
 *
 * Rules: mappings merge recursively; lists, scalars and null replace; a mandatory-missing `???`
 * never replaces an existing value (OmegaConf's rule). The result never shares structure with
 * any input. Owns: those rules. Does not own: which layers exist (layer-plan.ts) or interpolation.
 */
import { childPath, isMapping } from './key-path.js';
import type { Provenance, ValueOrigin } from './provenance.js';
import { lineOfKey, setOwn } from './yaml-reader.js';

/** OmegaConf's marker for a mandatory value that no layer has set yet. */
export const MISSING = '???';

/** One layer to merge: its data and where it came from. */
export interface MergeLayer {
  readonly data: Readonly<Record<string, unknown>>;
  readonly origin: ValueOrigin;
}

/** Mutable provenance while merging. */
export type ProvenanceIndex = Map<string, Provenance>;

/** The merged data (fresh, mutable until frozen) and the provenance of every leaf. */
export interface MergeResult {
  readonly data: Record<string, unknown>;
  readonly provenance: ProvenanceIndex;
}

/** Merges layers, lowest precedence first. */
export function mergeLayers(layers: readonly MergeLayer[]): MergeResult {
  const data: Record<string, unknown> = {};
  const provenance: ProvenanceIndex = new Map();
  for (const layer of layers) mergeMapping(data, layer.data, layer.origin, '', provenance);
  return { data, provenance };
}

function mergeMapping(
  target: Record<string, unknown>,
  source: Readonly<Record<string, unknown>>,
  origin: ValueOrigin,
  prefix: string,
  provenance: ProvenanceIndex,
): void {
  for (const key of Object.keys(source)) {
    const value = source[key];
    const path = childPath(prefix, key);
    const exists = Object.prototype.hasOwnProperty.call(target, key);
    const existing = exists ? target[key] : undefined;
    if (exists && value === MISSING) continue;
    if (exists && isMapping(existing) && isMapping(value)) {
      mergeMapping(existing, value, origin, path, provenance);
      continue;
    }
    const here: ValueOrigin = { ...origin, line: lineOfKey(source, key) };
    const history = exists ? forget(existing, path, provenance) : [];
    setOwn(target, key, copyIn(value, here, path, provenance, history));
  }
}

/** Removes the provenance of a replaced value and returns what it replaced, for the new leaf's history. */
function forget(existing: unknown, path: string, provenance: ProvenanceIndex): Provenance['overridden'] {
  const own = provenance.get(path);
  if (own !== undefined) {
    provenance.delete(path);
    const { overridden, interpolation: _ignored, ...origin } = own;
    return [...overridden, { origin, value: existing }];
  }
  let first: ValueOrigin | undefined;
  const stack: [unknown, string][] = [[existing, path]];
  while (stack.length > 0) {
    const [value, at] = stack.pop() as [unknown, string];
    const p = provenance.get(at);
    if (p !== undefined) {
      first ??= p;
      provenance.delete(at);
    }
    if (isMapping(value)) for (const k of Object.keys(value)) stack.push([value[k], childPath(at, k)]);
  }
  return first === undefined ? [] : [{ origin: first, value: existing }];
}

/** Deep-copies a value into the merge result, recording provenance for each leaf it contains. */
function copyIn(
  value: unknown,
  origin: ValueOrigin,
  path: string,
  provenance: ProvenanceIndex,
  history: Provenance['overridden'],
): unknown {
  if (isMapping(value) && Object.keys(value).length > 0) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const line = lineOfKey(value, key);
      setOwn(out, key, copyIn(value[key], line === undefined ? origin : { ...origin, line }, childPath(path, key), provenance, []));
    }
    return out;
  }
  provenance.set(path, { ...origin, overridden: history });
  return deepCopy(value);
}

/** A deep copy of plain data (mappings, lists, scalars) that treats `__proto__` as a plain key. */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setOwn(out, key, deepCopy(value[key]));
    return out as T;
  }
  return value;
}
