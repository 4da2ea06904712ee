/**
 * The curated parity corpus (corpus.ts), each case resolved by real OmegaConf and by our loader.
 * A case passes when both give equal values or both fail; a pinned case must also give
 * OmegaConf's pinned answer (so a change on their side is seen, not absorbed).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { compare, describeVerdict, describeWithOmegaConf, OmegaConfHarness, resolveOurs, type Answer, type Tagged } from '../helpers/omegaconf.js';
import { CORPUS, type ParityCase } from './corpus.js';

function topLevel(answer: Answer, keys: readonly string[]): Record<string, Tagged> | 'error' {
  if (!answer.ok) return 'error';
  const data = answer.data as { $map: [string, string, Tagged][] };
  return Object.fromEntries(data.$map.filter(([k]) => keys.includes(k)).map(([k, , v]) => [k, v]));
}

describeWithOmegaConf()('parity corpus: real OmegaConf and our loader on the same stores', () => {
  let harness: OmegaConfHarness;
  beforeAll(() => {
    harness = new OmegaConfHarness();
  });
  afterAll(() => harness.close());

  const run = async (c: ParityCase): Promise<void> => {
    const theirs = await harness.resolve(c);
    const ours = resolveOurs(c);
    if (c.pin !== undefined) {
      expect(c.pin === 'error' ? topLevel(theirs, []) : topLevel(theirs, Object.keys(c.pin))).toEqual(c.pin === 'error' ? 'error' : c.pin);
    }
    if (c.deliberate !== undefined) {
      const expected = c.deliberate.ours;
      expect(expected === 'error' ? topLevel(ours, []) : topLevel(ours, Object.keys(expected))).toEqual(expected);
      return;
    }
    const verdict = compare(ours, theirs);
    if (!verdict.same) throw new Error(describeVerdict(c, verdict));
  };

  for (const c of CORPUS) {
    if (c.knownDifference !== undefined) test.failing(`${c.name} [known difference: ${c.knownDifference}]`, () => run(c));
    else test(c.name, () => run(c));
  }
});
