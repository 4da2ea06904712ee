/**
 * The plain-scalar classifier skips the rules that cannot match a scalar (by its first character,
 * its characters, or its being a plain decimal): it must answer exactly as running every rule in
 * order does. Both readers (the fast path and the yaml library) share it, so the differential
 * tests between them cannot see a mistake here; this test can.
 */
import { describe, expect, it } from '@jest/globals';
import { classifyByEveryRule, classifyScalar } from '../../src/config/yaml-scalars.js';
import fc from '../helpers/fast-check.js';

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
