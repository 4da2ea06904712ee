/**
 * The warm context build against its floor on the example store and the 10 000-key store, on its
 * own: what the cold-start section reruns under each other Node version (bench/warm-child.ts), so
 * that every figure of issue #15 is reported per version. Only the floor and the build are
 * measured here; section 1 has the peers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { deploymentModules } from '../examples/deployment-modules.js';
import { buildRuntimeContext, type RuntimeContext, type RuntimeModule } from '../src/index.js';
import type { RuntimeIdentityInput } from '../src/identity/build.js';
import { BENCH_IDENTITY, generateStore } from './generate-store.js';
import { measure, ratio, type Budget } from './measure.js';

/** The build's time over the floor's (paired by round) on the two stores. */
export interface WarmRatios {
  readonly example: number;
  readonly tenThousand: number;
}

const LAYERS = ['default', 'environment', 'machine', 'substrate', 'role'];
const EXAMPLE_STORE = fileURLToPath(new URL('../../examples/store', import.meta.url));

async function buildVersusFloor(storeRoot: string, identity: RuntimeIdentityInput, files: readonly string[], env: Readonly<Record<string, string | undefined>>, modules: readonly RuntimeModule[] | undefined, budget: Budget): Promise<number> {
  let built: RuntimeContext | undefined;
  const results = await measure(
    {
      floor: () => files.map((file) => parse(readFileSync(file, 'utf8'))),
      context: {
        fn: async () => {
          built = await buildRuntimeContext({ identity, storeRoot, env, modules });
        },
        afterEach: () => built?.dispose(),
      },
    },
    budget,
  );
  return ratio(results['context'] as never, results['floor'] as never);
}

/**
 * Measures both ratios; `work` is a scratch folder for the generated store.
 *
 * @throws {Error} when a build fails.
 */
export async function warmRatios(work: string, quick: boolean): Promise<WarmRatios> {
  const exampleFiles = [join(EXAMPLE_STORE, 'machines.yaml'), ...LAYERS.map((n) => join(EXAMPLE_STORE, 'apps', 'demo', `${n}.yaml`))];
  const example = await buildVersusFloor(EXAMPLE_STORE, { app: 'demo', environment: 'dev', role: 'research' }, exampleFiles, process.env, deploymentModules, quick ? { iterations: 3, timeMs: 50 } : { iterations: 60, timeMs: 600 });
  const store = generateStore(join(work, 'warm-10000'), 10_000);
  const tenThousand = await buildVersusFloor(store, BENCH_IDENTITY, LAYERS.map((n) => join(store, 'apps', 'bench', `${n}.yaml`)), {}, undefined, quick ? { iterations: 2, timeMs: 0 } : { iterations: 5, timeMs: 0 });
  return { example, tenThousand };
}
