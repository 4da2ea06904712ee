/**
 * Strict mode: keys present in the configuration that no schema declares — typos such as
 * `server.prot` — each reported with the file and line that wrote it.
 *
 * A schema leaf owns everything below it (a `format: Object` section holds keys the store
 * chooses), so only mappings a schema spells out key by key are checked. Owns: that comparison.
 * Does not own: validating declared values (schema.ts).
 */
import type { Problem } from '../errors/mxm-error.js';
import { childPath, isMapping } from './key-path.js';
import { isSchemaLeaf } from './schema.js';
import type { ConfigSchemaFragment } from './schema-types.js';

/** Where the value at a key path came from (`default apps/x/default.yaml:3`), if known. */
export type OriginOf = (path: string) => string | undefined;

/** Every key of `data` that none of `fragments` declares, with a suggestion when one is close. */
export function undeclaredKeys(data: Readonly<Record<string, unknown>>, fragments: readonly ConfigSchemaFragment[], originOf: OriginOf): Problem[] {
  const declared: Record<string, unknown> = {};
  for (const fragment of fragments) unite(declared, fragment);
  const problems: Problem[] = [];
  walk(data, declared, '', originOf, problems);
  return problems;
}

function walk(data: Readonly<Record<string, unknown>>, declared: Record<string, unknown>, at: string, originOf: OriginOf, problems: Problem[]): void {
  for (const key of Object.keys(data).sort()) {
    const path = childPath(at, key);
    const node = Object.prototype.hasOwnProperty.call(declared, key) ? declared[key] : undefined;
    if (node === undefined) {
      const near = closest(key, Object.keys(declared));
      const hint = near === undefined ? '' : ` (did you mean '${childPath(at, near)}'?)`;
      const source = originOf(path);
      problems.push({ path, message: `is not declared in any schema${hint}`, ...(source === undefined ? {} : { source }) });
      continue;
    }
    const value = data[key];
    if (isMapping(node) && !isSchemaLeaf(node) && isMapping(value)) walk(value, node, path, originOf, problems);
  }
}

/** Merges the key structure of `from` into `into` (a leaf anywhere wins over a section). */
function unite(into: Record<string, unknown>, from: Readonly<Record<string, unknown>>): void {
  for (const [key, node] of Object.entries(from)) {
    const mine = into[key];
    if (!isMapping(node) || isSchemaLeaf(node)) Object.defineProperty(into, key, { value: node, enumerable: true, writable: true, configurable: true });
    else if (isMapping(mine) && !isSchemaLeaf(mine)) unite(mine, node);
    else if (mine === undefined) {
      const section: Record<string, unknown> = {};
      unite(section, node);
      Object.defineProperty(into, key, { value: section, enumerable: true, writable: true, configurable: true });
    }
  }
}

/** The declared key nearest to a typo (edit distance at most 2), if any. */
function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(key, name);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
