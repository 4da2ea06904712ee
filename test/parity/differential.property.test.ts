/**
 * The differential property: on random stores (store-generator.ts), our loader and real
 * OmegaConf give equal values, or both fail. At least 500 stores per run, a fixed seed under
 * CI=true; MXM_PARITY_RUNS asks for more. A counterexample is shrunk and printed with both
 * answers; each one found becomes a named case in corpus.ts.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import fc from '../helpers/fast-check.js';
import { compare, describeVerdict, describeWithOmegaConf, OmegaConfHarness, resolveOurs } from '../helpers/omegaconf.js';
import { generatedStore, writeStore } from './store-generator.js';

const RUNS = Math.max(500, Number(process.env['MXM_PARITY_RUNS'] ?? 0));

describeWithOmegaConf()('differential: random stores resolve alike here and in OmegaConf', () => {
  let harness: OmegaConfHarness;
  beforeAll(() => {
    harness = new OmegaConfHarness();
  });
  afterAll(() => harness.close());

  test(`${RUNS} generated stores give the same answer`, async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(generatedStore, async (generated) => {
        const store = writeStore(generated);
        const verdict = compare(resolveOurs(store), await harness.resolve(store));
        compared += 1;
        if (!verdict.same) throw new Error(describeVerdict(store, verdict));
      }),
      { numRuns: RUNS },
    );
    expect(compared).toBeGreaterThanOrEqual(RUNS);
  });
});
