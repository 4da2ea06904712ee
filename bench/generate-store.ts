/**
 * Generated config stores for the benchmarks: `leafKeys` leaves spread evenly over the five
 * layers, each later layer also overriding some keys of the defaults, with a few interpolations
 * and values of every YAML type.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** The identity every generated store is read for. */
export const BENCH_IDENTITY = Object.freeze({ app: 'bench', environment: 'prod', machine: 'bridge', substrate: 'local-process', role: 'research' });

type Tree = Record<string, Record<string, Record<string, unknown>>>;

function put(tree: Tree, key: number, value: unknown): void {
  const section = `section_${Math.floor(key / 100)}`;
  const group = `group_${Math.floor(key / 10) % 10}`;
  ((tree[section] ??= {})[group] ??= {})[`key_${key % 10}`] = value;
}

function valueOf(key: number, layer: number): unknown {
  switch (key % 7) {
    case 0:
      return key * 10 + layer;
    case 1:
      return key % 2 === 0;
    case 2:
      return `value-${key}-${layer}`;
    case 3:
      return key % 100 === 3 ? `\${section_0.group_0.key_2}/${key}` : `/data/${key}/${layer}`;
    case 4:
      return [key, layer];
    case 5:
      return key / 4;
    default:
      return `text ${key} on layer ${layer}`;
  }
}

/** Writes a store of `leafKeys` leaves under `dir` (apps/bench/…) and returns its root. */
export function generateStore(dir: string, leafKeys: number): string {
  const layers: Tree[] = [{}, {}, {}, {}, {}];
  const perLayer = Math.max(1, Math.floor(leafKeys / 5));
  for (let key = 0; key < leafKeys; key += 1) put(layers[Math.min(4, Math.floor(key / perLayer))] as Tree, key, valueOf(key, 0));
  // Each later layer also overrides some keys of the defaults.
  for (let layer = 1; layer < 5; layer += 1) {
    for (let key = 0; key < perLayer; key += 10 * layer) put(layers[layer] as Tree, key, valueOf(key, layer));
  }
  const app = join(dir, 'apps', 'bench');
  mkdirSync(app, { recursive: true });
  const selectors = [undefined, BENCH_IDENTITY.environment, BENCH_IDENTITY.machine, BENCH_IDENTITY.substrate, BENCH_IDENTITY.role];
  ['default', 'environment', 'machine', 'substrate', 'role'].forEach((name, i) => {
    const selector = selectors[i];
    const tree = layers[i] as Tree;
    writeFileSync(join(app, `${name}.yaml`), stringify(selector === undefined ? tree : { [selector]: tree }));
  });
  return dir;
}
