/**
 * The laws of layering, held by property tests over generated layers: an empty layer changes
 * nothing, later layers win, resolution is idempotent, and the output never shares structure
 * with the input. The last law is also checked through real store files.
 */
import { describe, expect, it } from '@jest/globals';
import fc from '../helpers/fast-check.js';
import { stringify } from 'yaml';
import { deepFreeze } from '../../src/config/freeze.js';
import { resolveInterpolations } from '../../src/config/interpolation.js';
import { mergeLayers, MISSING } from '../../src/config/merge.js';
import { ConfigError, configFromData, loadConfig } from '../../src/index.js';
import { DEMO, tempStore } from '../helpers/temp-store.js';

type Tree = Record<string, unknown>;

const key = fc.constantFrom('a', 'b', 'c', 'd', 'host', 'port', 'x_1');
const scalar = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: fc.constantFrom('a', 'b', 'z', ' ', '-', '/', '.', '1'), maxLength: 8 }).filter((s) => s !== MISSING),
);
// Lists live under keys of their own: a list over a mapping (or a mapping over a list) is an
// error, as in OmegaConf (test/parity), not a law of layering.
const listKey = fc.constantFrom('list_1', 'list_2');
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc
    .tuple(
      fc.dictionary(key, fc.oneof({ depthSize: 'small', withCrossShrink: true }, { weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: tie('node') }), { maxKeys: 4 }),
      fc.dictionary(listKey, fc.oneof(fc.array(scalar, { maxLength: 3 }), scalar), { maxKeys: 1 }),
    )
    .map(([mappings, lists]) => ({ ...mappings, ...lists })),
})).node;
const layers = fc.array(tree, { minLength: 1, maxLength: 5 });

/** Every path of a tree to a value that is not a non-empty mapping (those merge instead). */
function leaves(value: unknown, at: string[] = []): [string[], unknown][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
  }
  return at.length === 0 ? [] : [[at, value]];
}

function at(data: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, k) => (node !== null && typeof node === 'object' && Object.hasOwn(node, k) ? (node as Tree)[k] : undefined), data);
}

function isEmptyMapping(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

function objectsOf(value: unknown, into = new Set<object>()): Set<object> {
  if (value !== null && typeof value === 'object') {
    into.add(value);
    for (const child of Object.values(value)) objectsOf(child, into);
  }
  return into;
}

function settle(input: readonly Tree[]): Tree {
  const { data } = mergeLayers(input.map((d, i) => ({ data: d, origin: { layer: 'overrides' as const, file: `layer-${i}` } })));
  resolveInterpolations(data, { env: () => undefined });
  return deepFreeze(data);
}

describe('layering laws (fast-check)', () => {
  it('an empty layer, anywhere, changes nothing', () => {
    fc.assert(
      fc.property(layers, fc.nat(), (ls, where) => {
        const i = where % (ls.length + 1);
        expect(settle([...ls.slice(0, i), {}, ...ls.slice(i)])).toEqual(settle(ls));
      }),
    );
  });

  it('later layers win: every leaf of the last layer is in the result as written', () => {
    fc.assert(
      fc.property(layers, (ls) => {
        const merged = settle(ls);
        for (const [path, value] of leaves(ls[ls.length - 1])) {
          // An empty mapping merges into whatever mapping is there: it adds no key and removes none.
          if (isEmptyMapping(value)) expect(at(merged, path)).toEqual(expect.any(Object));
          else expect(at(merged, path)).toEqual(value);
        }
      }),
    );
  });

  it('a key only a lower layer sets survives the layers above it', () => {
    fc.assert(
      fc.property(tree, tree, (low, high) => {
        const merged = settle([low, high]);
        for (const [path, value] of leaves(low)) {
          const shadowed = path.some((_, n) => {
            const above = at(high, path.slice(0, n + 1));
            return above !== undefined && (n === path.length - 1 || above === null || typeof above !== 'object' || Array.isArray(above));
          });
          if (!shadowed) expect(at(merged, path)).toEqual(value);
        }
      }),
    );
  });

  it('resolution is idempotent, with references among the keys', () => {
    const reference = fc.array(key, { minLength: 1, maxLength: 3 }).map((path) => `\${${path.join('.')}}`);
    const withRefs: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
      node: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, scalar, reference, tie('node')), { maxKeys: 4 }),
    })).node;
    fc.assert(
      fc.property(fc.array(withRefs, { minLength: 1, maxLength: 3 }), (ls) => {
        let once: Tree;
        try {
          once = settle(ls);
        } catch (error) {
          // Generated references may point nowhere or form cycles: that must be a ConfigError.
          expect(error).toBeInstanceOf(ConfigError);
          return;
        }
        expect(settle([once])).toEqual(once);
        expect(configFromData(once).data).toEqual(once);
      }),
    );
  });

  it('the output never shares structure with the input, and the input is never frozen', () => {
    fc.assert(
      fc.property(layers, (ls) => {
        const inputs = new Set<object>();
        for (const l of ls) objectsOf(l, inputs);
        const before = JSON.stringify(ls);
        const merged = settle(ls);
        for (const o of objectsOf(merged)) expect(inputs.has(o)).toBe(false);
        for (const o of inputs) expect(Object.isFrozen(o)).toBe(false);
        expect(JSON.stringify(ls)).toBe(before);
      }),
    );
  });

  it('a store holding the layers as YAML files resolves to the same data', () => {
    fc.assert(
      fc.property(fc.array(tree, { minLength: 5, maxLength: 5 }), (ls) => {
        const [d, e, m, s, r] = ls as [Tree, Tree, Tree, Tree, Tree];
        const files = {
          default: stringify(d),
          environment: stringify({ [DEMO.environment]: e }),
          machine: stringify({ [DEMO.machine]: m }),
          substrate: stringify({ [DEMO.substrate]: s }),
          role: stringify({ [DEMO.role]: r }),
        };
        const { root, cleanup } = tempStore(files);
        try {
          expect(loadConfig({ identity: DEMO, storeRoot: root, env: {} }).data).toEqual(settle(ls));
        } finally {
          cleanup();
        }
      }),
      { numRuns: 40 },
    );
  });
});
