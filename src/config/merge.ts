/**
 * Merging layers the way OmegaConf merges them, recording the provenance of every leaf.
 *
 * Rules: mappings merge recursively; lists, scalars and null replace (a list over a mapping or a
 * mapping over a list is an error, as in OmegaConf); a mandatory-missing `???`
 * never replaces an existing value (OmegaConf's rule). A value that is a whole reference to a
 * mapping (`derived: ${base}`) and is merged with a mapping first becomes a copy of the mapping it
 * names, so the merge extends it, as OmegaConf does. The result never shares structure with
 * any input. Owns: those rules. Does not own: which layers exist (layer-plan.ts) or interpolation.
 */
import { parseTemplate } from './interpolation-grammar.js';
import { childPath, formatKeyPath, isBelow, isMapping, lookup, referencedPath, type PathSegment } from './key-path.js';
import { ConfigError } from './config-errors.js';
import { describeOrigin, type Provenance, type ValueOrigin } from './provenance.js';
import { copyMarks, moveMark } from './python-values.js';
import { keyLinesOf, recordKeyLines, setOwn } from './yaml-data.js';

/** OmegaConf's marker for a mandatory value that no layer has set yet. */
export const MISSING = '???';

/** One layer to merge: its data and where it came from. */
export interface MergeLayer {
  readonly data: Readonly<Record<string, unknown>>;
  readonly origin: ValueOrigin;
  /**
   * The layer's objects belong to this merge alone (freshly parsed, shared with nothing, no
   * object reachable twice): the merge may keep them instead of copying. Saves a copy of every
   * file layer; never set it for data a caller still holds.
   */
  readonly owned?: boolean | undefined;
}

/** The history of a value that replaced nothing (shared: most leaves have none). */
const NO_HISTORY: Provenance['overridden'] = Object.freeze([]);

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
  for (const layer of layers) mergeMapping(data, layer.data, layer.origin, [], '', { root: data, provenance, owned: layer.owned === true });
  return { data, provenance };
}

interface MergeState {
  readonly root: Record<string, unknown>;
  readonly provenance: ProvenanceIndex;
  readonly owned: boolean;
}

function mergeMapping(
  target: Record<string, unknown>,
  source: Readonly<Record<string, unknown>>,
  origin: ValueOrigin,
  at: readonly PathSegment[],
  prefix: string,
  state: MergeState,
): void {
  const { provenance } = state;
  const lines = keyLinesOf(source);
  for (const key of Object.keys(source)) {
    const value = source[key];
    const path = childPath(prefix, key);
    const exists = Object.prototype.hasOwnProperty.call(target, key);
    let existing = exists ? target[key] : undefined;
    // Overrides set a reference as OmegaConf's update() does: it is replaced, not followed.
    const follows = origin.layer !== 'overrides';
    // OmegaConf dereferences a whole reference to a mapping before merging into it, even when
    // what it merges is a `???` that then changes nothing: the key keeps a copy, not the reference.
    if (follows && exists && (isMapping(value) || value === MISSING) && typeof existing === 'string') {
      const referenced = referencedMapping(state.root, existing, [...at, key]);
      if (referenced !== undefined && 'list' in referenced && value !== MISSING) throw kindConflict(path, referenced.list, value, origin, lines?.get(key), provenance);
      if (referenced !== undefined && 'mapping' in referenced) {
        forget(existing, path, provenance);
        existing = copyReferenced(referenced.mapping, formatKeyPath(referenced.at), path, provenance);
        setOwn(target, key, existing);
      }
    }
    if (exists && value === MISSING) continue;
    if (follows && exists && Array.isArray(value) && typeof existing === 'string') {
      // A list over a reference to a mapping: OmegaConf follows the reference and refuses the merge.
      const referenced = referencedMapping(state.root, existing, [...at, key]);
      if (referenced !== undefined && 'mapping' in referenced) throw kindConflict(path, referenced.mapping, value, origin, lines?.get(key), provenance);
    }
    if (exists && isMapping(existing) && isMapping(value)) {
      mergeMapping(existing, value, origin, [...at, key], path, state);
      continue;
    }
    if (exists && Array.isArray(existing) && isMapping(value) && origin.layer === 'overrides' && isIndexed(value)) {
      mergeIndexed(existing, value, origin, [...at, key], path, state);
      continue;
    }
    if (exists && ((isMapping(existing) && Array.isArray(value)) || (Array.isArray(existing) && isMapping(value)))) {
      throw kindConflict(path, existing, value, origin, lines?.get(key), provenance);
    }
    const history = exists ? forget(existing, path, provenance) : NO_HISTORY;
    setOwn(target, key, copyIn(value, origin, lines?.get(key), path, provenance, history, state.owned));
    moveMark(source, key, target, key);
  }
}

/** Whether an override mapping's keys are all list indices (`a.list[0]`, `a.list.1`). */
function isIndexed(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => /^(?:0|[1-9][0-9]*)$/.test(k));
}

/**
 * An override that names list elements by index sets those elements, as OmegaConf's
 * `update(cfg, 'a.list[0]', x, merge=True)` does: a mapping merges into a mapping element,
 * anything else replaces the element; the list stays a list.
 *
 * @throws {ConfigError} `CONFIG_OVERRIDE_INVALID` for an index beyond the end of the list.
 */
function mergeIndexed(list: unknown[], value: Record<string, unknown>, origin: ValueOrigin, at: readonly PathSegment[], prefix: string, state: MergeState): void {
  for (const key of Object.keys(value)) {
    const index = Number(key);
    const path = childPath(prefix, index);
    if (index >= list.length) {
      throw new ConfigError('CONFIG_OVERRIDE_INVALID', `Override of '${path}': the list at '${prefix}' has ${list.length} item${list.length === 1 ? '' : 's'} (indices 0 to ${list.length - 1}).`);
    }
    const element = list[index];
    const next = value[key];
    if (isMapping(element) && isMapping(next)) {
      mergeMapping(element, next, origin, [...at, index], path, state);
    } else if (Array.isArray(element) && isMapping(next) && isIndexed(next)) {
      mergeIndexed(element, next, origin, [...at, index], path, state);
    } else if ((isMapping(element) && Array.isArray(next)) || (Array.isArray(element) && isMapping(next))) {
      throw kindConflict(path, element, next, origin, undefined, state.provenance);
    } else {
      const history = forget(element, path, state.provenance);
      list[index] = copyIn(next, origin, undefined, path, state.provenance, history, state.owned);
      moveMark(value, key, list, index);
    }
  }
}

/**
 * A list merged over a mapping or a mapping over a list: OmegaConf refuses it ("Cannot merge
 * DictConfig with ListConfig"), and so do we, rather than silently replacing one with the other.
 */
function kindConflict(path: string, existing: unknown, value: unknown, origin: ValueOrigin, line: number | undefined, provenance: ProvenanceIndex): ConfigError {
  const kind = (v: unknown): string => (Array.isArray(v) ? 'a list' : 'a mapping');
  let before: Provenance | undefined = provenance.get(path);
  if (before === undefined) {
    for (const [p, o] of provenance) {
      if (isBelow(p, path)) {
        before = o;
        break;
      }
    }
  }
  const earlier = before === undefined ? 'an earlier layer' : describeOrigin(before);
  return new ConfigError(
    'CONFIG_MERGE_CONFLICT',
    `Cannot merge ${kind(value)} over ${kind(existing)} at '${path}': ${earlier} holds ${kind(existing)}, ${describeOrigin({ ...origin, line })} sets ${kind(value)}. ` +
      'A layer may replace a scalar or null, or merge a mapping into a mapping; OmegaConf refuses this merge too. Make both the same kind, or set the key to null first.',
  );
}

/** Longest chain of whole references followed while merging (`a: ${b}`, `b: ${c}`, …). */
const MAX_MERGE_REFERENCES = 32;

/**
 * The mapping that `value` names when it is exactly one node reference (`${base}`, `${..x}`)
 * leading, possibly through further whole references, to a mapping (or the list, when it leads
 * to a list: a mapping merged there is a conflict); otherwise undefined. Never
 * throws: a reference that cannot be followed now is left for interpolation to report.
 */
function referencedMapping(
  root: Record<string, unknown>,
  value: string,
  at: readonly PathSegment[],
): { readonly mapping: Record<string, unknown>; readonly at: readonly PathSegment[] } | { readonly list: unknown[] } | undefined {
  let current: unknown = value;
  let from = at;
  for (let hops = 0; hops < MAX_MERGE_REFERENCES && typeof current === 'string' && current.includes('${'); hops += 1) {
    const target = wholeReference(current, from);
    if (target === undefined) return undefined;
    if (!Array.isArray(target)) return isMapping(lookupValue(root, target.listOf)) ? { list: [] } : undefined;
    const found = lookup(root, target);
    if (!found.found) return undefined;
    current = found.value;
    from = target;
  }
  if (Array.isArray(current)) return { list: current };
  return isMapping(current) ? { mapping: current, at: from } : undefined;
}

/**
 * What a value that is one interpolation names, as OmegaConf dereferences it while merging: a
 * node reference (`${base}`) or an `oc.select` of a key names that key; `oc.dict.keys` and
 * `oc.dict.values` of a key yield a list. Undefined for anything else.
 */
function wholeReference(value: string, at: readonly PathSegment[]): PathSegment[] | { readonly listOf: PathSegment[] } | undefined {
  try {
    const template = parseTemplate(value, 'merge');
    const only = template[0];
    if (template.length !== 1 || only === undefined || only.kind === 'text') return undefined;
    const parts = only.kind === 'node' ? only.key : only.args[0]?.quoted === false ? only.args[0].template : undefined;
    const key = parts?.[0];
    if (parts?.length !== 1 || key?.kind !== 'text') return undefined;
    const path = referencedPath(key.text, at);
    if (path === undefined) return undefined;
    if (only.kind === 'node' || only.name === 'oc.select') return path;
    return only.name === 'oc.dict.keys' || only.name === 'oc.dict.values' ? { listOf: path } : undefined;
  } catch {
    return undefined;
  }
}

function lookupValue(root: Record<string, unknown>, path: readonly PathSegment[]): unknown {
  const found = lookup(root, path);
  return found.found ? found.value : undefined;
}

/** A copy of the mapping at `from` for `to`, its leaves keeping the provenance of the originals. */
function copyReferenced(mapping: Record<string, unknown>, from: string, to: string, provenance: ProvenanceIndex): Record<string, unknown> {
  for (const [path, origin] of [...provenance]) {
    if (isBelow(path, from)) provenance.set(to + path.slice(from.length), origin);
  }
  return deepCopy(mapping);
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

/**
 * Brings a value into the merge result, recording provenance for each leaf it contains: a deep
 * copy, or the value itself when the layer is owned by the merge.
 */
function copyIn(
  value: unknown,
  origin: ValueOrigin,
  line: number | undefined,
  path: string,
  provenance: ProvenanceIndex,
  history: Provenance['overridden'],
  owned: boolean,
): unknown {
  if (isMapping(value)) {
    const keys = Object.keys(value);
    if (keys.length > 0) {
      const out: Record<string, unknown> = owned ? value : {};
      const lines = keyLinesOf(value);
      for (const key of keys) {
        const child = copyIn(value[key], origin, lines?.get(key) ?? line, childPath(path, key), provenance, NO_HISTORY, owned);
        if (!owned) setOwn(out, key, child);
      }
      if (!owned) copyMarks(value, out);
      return out;
    }
  }
  // One object per leaf: a merge of a large store makes one for every key.
  provenance.set(path, { layer: origin.layer, file: origin.file, selector: origin.selector, line, overridden: history });
  return owned ? value : deepCopy(value);
}

/** What a {@link deepCopy} does besides copying. */
export interface CopyOptions {
  /** Sees every node before it is copied, the root first: a budget counts here, and may throw. */
  readonly visit?: (value: unknown) => void;
  /** Carry each mapping's key lines over to its copy (an alias read again keeps its lines). */
  readonly keyLines?: boolean;
}

/**
 * A deep copy of plain data (mappings, lists, scalars) that treats `__proto__` as a plain key and
 * keeps float marks and key types (python-values.ts).
 *
 * @throws whatever `options.visit` throws.
 */
export function deepCopy<T>(value: T, options: CopyOptions = {}): T {
  options.visit?.(value);
  if (Array.isArray(value)) {
    const out = value.map((item: unknown) => deepCopy(item, options));
    copyMarks(value, out);
    return out as T;
  }
  if (isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setOwn(out, key, deepCopy(value[key], options));
    copyMarks(value, out);
    if (options.keyLines === true) {
      const lines = recordKeyLines(out);
      for (const [key, line] of keyLinesOf(value) ?? []) lines.set(key, line);
    }
    return out as T;
  }
  return value;
}
