/**
 * The plain-scalar classifier skips the rules that cannot match a scalar (by its first character,
 * its characters, or its being a plain decimal): it must answer exactly as running every rule in
 * order does. Both readers (the fast path and the yaml library) share it, so the differential
 * tests between them cannot see a mistake here; this test can.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { isFloatAt } from '../../src/config/python-values.js';
import { parseYaml } from '../../src/config/yaml-reader.js';
import { classifyByEveryRule, classifyScalar } from '../../src/config/yaml-scalars.js';
import fc from '../helpers/fast-check.js';
import { describeWithOmegaConf } from '../helpers/omegaconf.js';

/** Characters of YAML 1.1 numbers, bools and nulls, and some that are in none. */
const NEAR_NUMBERS = [...'0123456789+-_:.eEbBxXoOaAcCdDfFiInNtTrRuUsSlLyY~ m/\u0660\u00b2'];

describe('classifying plain scalars', () => {
  it('answers as running every rule in order, on number-like text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...NEAR_NUMBERS), { maxLength: 10 }).map((cs) => cs.join('')), (source) => {
        expect(classifyScalar(source)).toBe(classifyByEveryRule(source));
      }),
      { numRuns: 20000 },
    );
  });

  it('answers as running every rule in order, on the forms YAML 1.1 knows and their neighbours', () => {
    for (const source of ['', '~', 'null', 'Null', 'NULL', 'yes', 'No', 'on', 'OFF', 'true', '0', '00', '07', '08', '0b101', '0x1F', '0o7', '+0', '-0', '1', '10', '5432', '1_000',
      '12:30', '1:30:00', '190:20:30.15', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '1.0', '1.', '.5', '1e5', '1.0e+5', '1_0e1_0', '0_e0', '5min', '1min', '2000', '9' + '9'.repeat(30),
      '\u0660', '1\u00b2', '1 2', 'localhost', '-', '+', '.', '_']) {
      expect([source, classifyScalar(source)]).toEqual([source, classifyByEveryRule(source)]);
    }
  });
});

/**
 * Base-60 numbers against PyYAML itself, through OmegaConf's loader (as mxm-config reads a file):
 * ints exact at any size, floats summed as PyYAML sums them, so they round alike.
 */
describeWithOmegaConf()('base-60 numbers, against PyYAML through OmegaConf\'s loader', () => {
  const PYYAML = `
import json, sys, yaml
from omegaconf._utils import get_yaml_loader
data = yaml.load(sys.stdin.read(), Loader=get_yaml_loader())
print(json.dumps({k: [type(v).__name__, repr(v)] for k, v in data.items()}))
`;

  it('reads every generated base-60 int and float (plain and tagged) as PyYAML does', () => {
    const part = fc.integer({ min: 0, max: 59 }).map((n) => (n < 10 && n % 2 === 0 ? `0${n}` : String(n)));
    const head = fc.oneof(fc.integer({ min: 1, max: 999 }).map(String), fc.bigInt({ min: 10n ** 15n, max: 10n ** 40n }).map(String));
    const sign = fc.constantFrom('', '-', '+');
    const intText = fc.tuple(sign, head, fc.array(part, { minLength: 1, maxLength: 4 })).map(([s, h, ps]) => `${s}${h}:${ps.join(':')}`);
    const floatText = fc.tuple(intText, fc.stringMatching(/^[0-9]{0,16}$/)).map(([i, f]) => `${i}.${f}`);
    const texts = fc.sample(fc.oneof(intText, floatText), 3000);
    const lines = texts.flatMap((t, i) => [`p${i}: ${t}`, `t${i}: ${t.includes('.') ? '!!float' : '!!int'} ${t}`]);
    const python = spawnSync('/usr/bin/python3', ['-c', PYYAML], { input: lines.join('\n'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(python.stderr).toBe('');
    const theirs = JSON.parse(python.stdout) as Record<string, [string, string]>;
    const ours = parseYaml(lines.join('\n'), 'base60.yaml').data as Record<string, unknown>;
    const mismatches = Object.entries(theirs).filter(([key, [type, repr]]) => {
      const value = ours[key];
      // A float is a number marked float where it sits (an integral one still prints as 1.0).
      if (type === 'int') return !((typeof value === 'number' || typeof value === 'bigint') && !isFloatAt(ours, key) && String(value) === repr);
      return !(typeof value === 'number' && isFloatAt(ours, key) && value === Number(repr));
    });
    expect(mismatches.slice(0, 5).map(([key, v]) => `${lines.find((l) => l.startsWith(`${key}: `))} → PyYAML ${v.join(' ')}, ours ${String(ours[key])}`)).toEqual([]);
  });
});
