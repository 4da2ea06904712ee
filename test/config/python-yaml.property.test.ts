/**
 * What `mxm-runtime config` prints reads back as the same configuration: every generated value
 * (strings that YAML 1.1 would read as something else, floats that are integral, ints beyond
 * 2^53, keys that are ints, bools or floats, any Unicode) written by pythonYaml and read again,
 * through the package's reader and through the `yaml` library alone, is the value it was.
 */
import { describe, expect, it } from '@jest/globals';
import fc from '../helpers/fast-check.js';
import { pythonYaml } from '../../src/config/python-yaml.js';
import { markKeyType, placeValue, PyFloat, type KeyType } from '../../src/config/python-values.js';
import { setOwn } from '../../src/config/yaml-data.js';
import { parseYaml, parseYamlWithLibrary } from '../../src/config/yaml-reader.js';
import { describeData } from '../helpers/describe-data.js';

/** Strings that look like something else in YAML 1.1, or in YAML's syntax. */
const TRICKY = [
  '', ' ', ' a', 'a ', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'Null', '~', 'null', '1', '-1', '0x1F', '0b101', '017', '09', '1_000', '1:30', '1.0', '1e5', '.inf', '.nan',
  '2024-01-02', '2024-1-2 10:00', '${a.b}', '\\${a}', 'a: b', 'a:', 'a #b', 'a#b', '#x', '- x', '-', '--', '---', '...', '?', ':', '[a]', '{a}', '&a', '*a', '!tag', '|', '>', "'", '"', '%', '@', '`',
  '<<', '=', '<redacted>', 'line\nbreak', 'tab\there', 'cr\r', '\u0000', '\u007f', '\u0085', '\u2028', '\ufeff', 'é', '日本', '😀', 'a\\b', '__proto__', 'constructor',
];
const text = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 }));

type Leaf = { readonly kind: 'int'; readonly value: number | bigint } | { readonly kind: 'float'; readonly value: number } | { readonly kind: 'other'; readonly value: unknown };
const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc.integer().map((value): Leaf => ({ kind: 'int', value })),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).filter((n) => n > 2n ** 53n || n < -(2n ** 53n)).map((value): Leaf => ({ kind: 'int', value })),
  fc.oneof(fc.double(), fc.integer({ min: -1e6, max: 1e6 }), fc.constantFrom(1e16, 1e-5, 1e300, -0)).map((value): Leaf => ({ kind: 'float', value })),
  fc.oneof(text, fc.boolean(), fc.constant(null)).map((value): Leaf => ({ kind: 'other', value })),
);

interface Node {
  readonly leaf?: Leaf;
  readonly list?: readonly Node[];
  readonly map?: readonly (readonly [string, KeyType | 'str', Node])[];
}
const keyOf = fc.oneof(
  { weight: 5, arbitrary: text.map((k) => [k, 'str'] as const) },
  { weight: 1, arbitrary: fc.integer({ min: -99, max: 99 }).map((n) => [String(n), 'int'] as const) },
  { weight: 1, arbitrary: fc.boolean().map((b) => [b ? 'True' : 'False', 'bool'] as const) },
  { weight: 1, arbitrary: fc.constantFrom('1.5', '2.0', '-0.25', '1e+20', '1.5e-07', 'inf', '-inf', 'nan').map((f) => [f, 'float'] as const) },
);
const { node } = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf.map((l): Node => ({ leaf: l })),
    fc.array(tie('node'), { maxLength: 4 }).map((list): Node => ({ list })),
    fc.array(fc.tuple(keyOf, tie('node')), { maxLength: 4 }).map((entries): Node => ({ map: entries.map(([[k, t], n]) => [k, t, n] as const) })),
  ),
}));

/** Builds configuration data as the readers hold it: floats marked, key types recorded. */
function build(n: Node, into: Record<string, unknown> | unknown[], key: string | number): void {
  const set = (target: Record<string, unknown> | unknown[], k: string | number, v: unknown): void => (Array.isArray(target) ? void (target[k as number] = v) : setOwn(target, String(k), v));
  if (n.leaf !== undefined) {
    placeValue(into, key, n.leaf.kind === 'float' ? new PyFloat(n.leaf.value) : n.leaf.value, set);
  } else if (n.list !== undefined) {
    const list: unknown[] = [];
    n.list.forEach((item, i) => build(item, list, i));
    set(into, key, list);
  } else {
    const mapping: Record<string, unknown> = {};
    for (const [k, type, child] of n.map ?? []) {
      if (Object.prototype.hasOwnProperty.call(mapping, k)) continue;
      build(child, mapping, k);
      if (type !== 'str') markKeyType(mapping, k, type);
    }
    set(into, key, mapping);
  }
}
const config = fc.array(fc.tuple(keyOf, node), { maxLength: 5 }).map((entries) => {
  const holder: Record<string, unknown> = {};
  build({ map: entries.map(([[k, t], n]) => [k, t, n] as const) }, holder, 'root');
  return holder;
});

describe('config YAML output reads back as the same configuration', () => {
  it('through the package reader and through the yaml library alone', () => {
    fc.assert(
      fc.property(config, (data) => {
        const root = data['root'] as Record<string, unknown>;
        const written = pythonYaml(root);
        const expected = describeData(root, { lines: false });
        expect({ written, read: describeData(parseYaml(written, 'out.yaml').data ?? {}, { lines: false }) }).toEqual({ written, read: expected });
        expect({ written, read: describeData(parseYamlWithLibrary(written, 'out.yaml').data ?? {}, { lines: false }) }).toEqual({ written, read: expected });
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes what YAML 1.1 would read as something else, and keeps floats floats', () => {
    const data: Record<string, unknown> = { a: 'yes', b: 'on', c: '1:30', d: '0b101', e: '1_000', h: 'NO', date: '2024-01-15', ref: '${v.a1}', plain: 'hello world', n: 5 };
    placeValue(data, 'f', new PyFloat(1));
    placeValue(data, 'big', new PyFloat(1e16));
    placeValue(data, 'inf', new PyFloat(Infinity));
    expect(pythonYaml(data)).toBe(
      ['a: "yes"', 'b: "on"', 'c: "1:30"', 'd: "0b101"', 'e: "1_000"', 'h: "NO"', 'date: "2024-01-15"', 'ref: "${v.a1}"', 'plain: hello world', 'n: 5', 'f: 1.0', 'big: 1.0e+16', 'inf: .inf'].join('\n'),
    );
  });
});
