/**
 * The plain data both YAML readers build (yaml-reader.ts through the `yaml` library, and the
 * plain-YAML fast path), built by the same steps so that they cannot drift apart.
 *
 * Owns: the line of every mapping key (for provenance), own-property writes (`__proto__` is a
 * plain key), PyYAML's merge-key order, and counting the nodes an alias expands to.
 * Does not own: parsing, or what a scalar's text means (yaml-scalars.ts).
 */
import { moveMark } from './python-values.js';

/** Deepest nesting accepted; deeper documents are rejected rather than risking the stack. */
export const MAX_YAML_DEPTH = 256;

/** Nodes that alias expansion may add, beyond this many per node of the document itself. */
const ALIAS_EXPANSION_FACTOR = 10;
const ALIAS_EXPANSION_FLOOR = 10_000;

/**
 * How many nodes the aliases of a document of `sourceLength` characters may expand to: in
 * proportion to the document (a node takes at least a few characters of source). Throws nothing.
 */
export function aliasBudgetFor(sourceLength: number): number {
  return Math.max(ALIAS_EXPANSION_FLOOR, (ALIAS_EXPANSION_FACTOR * sourceLength) / 4);
}

const keyLines = new WeakMap<object, Map<string, number>>();

/** The lines of every key of a mapping read from YAML (key → 1-based line), if it was. Throws nothing. */
export function keyLinesOf(mapping: object): ReadonlyMap<string, number> | undefined {
  return keyLines.get(mapping);
}

/** Starts recording the key lines of a mapping being read, and returns its (empty) record. Throws nothing. */
export function recordKeyLines(mapping: object): Map<string, number> {
  const lines = new Map<string, number>();
  keyLines.set(mapping, lines);
  return lines;
}

/** Sets a property as an own data property, so `__proto__` is a plain key that never touches a prototype. Throws nothing. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * Applies merge keys (`<<`) to a mapping being read, before its own keys, as PyYAML does: it
 * lays the sources out last first, then the mapping's own keys, and builds a dict from them in
 * that order. So a key takes its place where it first appears from the last source on, its value
 * from the earliest source that has it, and the mapping's own keys (placed afterwards) override
 * them all. Each merged key keeps its float mark and its line in the source. Throws nothing.
 */
export function mergeInto(out: Record<string, unknown>, lines: Map<string, number>, sources: readonly Record<string, unknown>[]): void {
  for (const source of [...sources].reverse()) {
    const sourceLines = keyLines.get(source);
    for (const [key, value] of Object.entries(source)) {
      // Overwriting keeps the key's place: an earlier source's value wins where it first appeared.
      setOwn(out, key, value);
      moveMark(source, key, out, key);
      const line = sourceLines?.get(key);
      if (line !== undefined) lines.set(key, line);
    }
  }
}

/** Counts nodes of plain data, stopping once `limit` is passed. Throws nothing. */
export function countNodes(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const v = stack.pop();
    count += 1;
    if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') stack.push(...Object.values(v));
  }
  return count;
}
