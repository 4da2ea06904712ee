import { describe, expect, it } from '@jest/globals';
import { parseYaml, parseYamlWithLibrary } from '../../src/config/yaml-reader.js';
import { resolveInterpolations } from '../../src/config/interpolation.js';
import type { ConfigError } from '../../src/index.js';

const yaml = (text: string) => parseYaml(text, 'test.yaml').data as Record<string, unknown>;
const resolved = (data: Record<string, unknown>, env: Record<string, string> = {}) => {
  resolveInterpolations(data, { env: (n) => env[n] });
  return data;
};
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return `${(error as ConfigError).code}: ${(error as Error).message}`;
  }
  return 'no error';
};

describe('YAML read as PyYAML and OmegaConf read it', () => {
  it('reads YAML 1.1 booleans but not y/n', () => {
    expect(yaml('a: yes\nb: Off\nc: y\nd: n\n')).toEqual({ a: true, b: false, c: 'y', d: 'n' });
  });
  it('reads 1.1 integers: octal, hex, underscores, sexagesimal; not leading-zero decimals', () => {
    expect(yaml('a: 010\nb: 0x1F\nc: 1_000\nd: 1:30\ne: 09\n')).toEqual({ a: 8, b: 31, c: 1000, d: 90, e: '09' });
  });
  it("reads floats with OmegaConf's rule (1e3 is a float, +.5 is a string)", () => {
    expect(yaml('a: 1e3\nb: 1.5\nc: +.5\nd: .inf\n')).toEqual({ a: 1000, b: 1.5, c: '+.5', d: Infinity });
  });
  it('keeps dates as strings', () => {
    expect(yaml('d: 2024-01-02\nt: 2024-01-02T10:00:00Z\n')).toEqual({ d: '2024-01-02', t: '2024-01-02T10:00:00Z' });
  });
  it('orders the keys of a merge list as PyYAML does: the last source first, earlier sources winning', () => {
    const text = 'A: &A {x: 1, y: 2}\nB: &B {y: 20, z: 30}\nc:\n  w: 4\n  <<: [*A, *B]\n';
    for (const read of [parseYaml, parseYamlWithLibrary]) {
      const c = (read(text, 'test.yaml').data as Record<string, Record<string, unknown>>)['c'];
      expect(Object.entries(c ?? {})).toEqual([['y', 2], ['z', 30], ['x', 1], ['w', 4]]);
    }
  });
  it('applies merge keys with explicit keys winning', () => {
    expect(yaml('b: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n')['c']).toEqual({ x: 1, y: 3 });
  });
  it('keeps __proto__ a plain key that never touches a prototype', () => {
    const data = yaml('__proto__: {polluted: true}\n');
    expect(Object.keys(data)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
  });
  it('rejects custom tags', () => {
    expect(codeOf(() => yaml('a: !!python/object:os.system x\n'))).toMatch(/^CONFIG_YAML_INVALID: .*unsupported tag/);
  });
  it('stops an alias bomb', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i += 1) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    expect(codeOf(() => yaml(bomb.join('\n')))).toMatch(/^CONFIG_YAML_LIMIT: .*alias/);
  });
  it('stops nesting deeper than the limit', () => {
    expect(codeOf(() => yaml(`a: ${'['.repeat(1000)}${']'.repeat(1000)}`))).toMatch(/^CONFIG_YAML_(LIMIT|INVALID)/);
  });
});

describe('interpolation (OmegaConf semantics)', () => {
  it('resolves absolute and relative references', () => {
    expect(resolved({ a: { b: 1, c: '${a.b}', d: '${.b}', e: { f: '${..b}' } } })).toEqual({ a: { b: 1, c: 1, d: 1, e: { f: 1 } } });
  });
  it('keeps the type of a whole-value reference and copies mappings', () => {
    const data = resolved({ n: 5, m: { x: 1 }, a: '${n}', b: '${m}' });
    expect(data['a']).toBe(5);
    expect(data['b']).toEqual({ x: 1 });
    expect(data['b']).not.toBe(data['m']);
  });
  it('renders values inside strings as Python does', () => {
    expect(resolved({ f: true, n: null, s: 'x=${f},y=${n}' })['s']).toBe('x=True,y=None');
  });
  it('treats \\${…} as a literal', () => {
    expect(resolved({ a: 1, s: '\\${a}' })['s']).toBe('${a}');
  });
  it('reads oc.env from the lookup, with a default rendered as a string', () => {
    expect(resolved({ a: '${oc.env:HOST}', b: '${oc.env:NOPE,8080}', c: '${oc.env:NOPE,null}' }, { HOST: 'h' })).toEqual({ a: 'h', b: '8080', c: null });
  });
  it('names the key, the chain and the cycle', () => {
    expect(codeOf(() => resolved({ a: '${b}', b: '${c}', c: '${a}' }))).toBe("CONFIG_INTERPOLATION_CYCLE: Interpolation cycle at 'a': a → b → c → a.");
  });
  it('names the missing key and what is available there', () => {
    expect(codeOf(() => resolved({ x: { y: 1 }, a: '${x.z}' }))).toMatch(/CONFIG_INTERPOLATION_MISSING_KEY: .*no 'z' at 'x'\. Available there: y\./);
  });
  it('names an unknown resolver and the known ones', () => {
    expect(codeOf(() => resolved({ a: '${nope:x}' }))).toMatch(/Unknown resolver 'nope'.*Available resolvers: cwd, env, home, oc.create, oc.decode, oc.dict.keys, oc.dict.values, oc.env, oc.select/);
  });
  it('rejects oc.env with no name', () => {
    expect(codeOf(() => resolved({ a: '${oc.env:}' }))).toMatch(/^CONFIG_INTERPOLATION_INVALID: .*needs a variable name/);
  });
  it('reports an unset variable without a default', () => {
    expect(codeOf(() => resolved({ a: '${oc.env:MXM_NOT_SET}' }))).toMatch(/^CONFIG_INTERPOLATION_MISSING_ENV: .*'MXM_NOT_SET' is not set/);
  });
  it('is idempotent', () => {
    const once = resolved({ a: 1, b: '${a}', s: 'v${a}' });
    expect(resolved(structuredClone(once))).toEqual(once);
  });
});
