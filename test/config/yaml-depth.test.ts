import { describe, expect, it } from '@jest/globals';
import fc from '../helpers/fast-check.js';
import { stringify } from 'yaml';
import { estimateYamlDepth } from '../../src/config/yaml-depth.js';

/** A value nesting `depth` levels, mixing mappings and lists as `shape` says. */
function nested(depth: number, shape: readonly boolean[]): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = shape[i % shape.length] ? { k: value, other: 1 } : [value, 2];
  return value;
}

describe('estimateYamlDepth', () => {
  it('tracks the real depth of block and flow documents closely', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), fc.boolean(), (depth, shape, flow) => {
        const text = stringify({ root: nested(depth, shape) }, flow ? { collectionStyle: 'flow' } : {});
        const estimate = estimateYamlDepth(text);
        expect(estimate).toBeGreaterThanOrEqual(depth);
        expect(estimate).toBeLessThanOrEqual(depth + 3);
      }),
      { numRuns: 200 },
    );
  });
  it('ignores brackets in quotes and comments, and block-scalar bodies', () => {
    const text = [
      'a: "[[[[[[[[[[[[[["',
      "b: '{{{{{{{{{{{{{{'",
      'c: 1  # [[[[[[[[[[[[[[[[',
      'script: |',
      ...Array.from({ length: 40 }, (_, i) => `${' '.repeat(2 + i * 2)}if x:`),
      'd: 2',
    ].join('\n');
    expect(estimateYamlDepth(text)).toBe(1);
  });
  it('counts compact sequences on one line', () => {
    expect(estimateYamlDepth(`a:\n  ${'- '.repeat(50)}1\n`)).toBeGreaterThanOrEqual(50);
  });
});
