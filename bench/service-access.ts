/**
 * Benchmark 2: reading services from a built context — `context.secrets` and `context.get(TOKEN)`
 * — against raw `container.get(TOKEN)` and a plain `Map.get`. Each task makes many reads so the
 * timer's own cost does not drown the difference.
 */
import { SECRETS, type RuntimeContext } from '../src/index.js';
import { measure, type Budget, type Measured } from './measure.js';

/** Reads per task call. */
export const READS_PER_CALL = 10_000;

/** Medians per {@link READS_PER_CALL} reads. */
export interface ServiceAccessResult {
  readonly mapGet: Measured;
  readonly contextSecrets: Measured;
  readonly containerGet: Measured;
  readonly contextGet: Measured;
}

/** Measures the four ways to reach the secrets service. */
export async function benchServiceAccess(context: RuntimeContext, budget: Budget): Promise<ServiceAccessResult> {
  const map = new Map<unknown, unknown>([[SECRETS, context.secrets]]);
  const container = context.container;
  let sink = 0;
  const loop = (read: () => unknown) => () => {
    for (let i = 0; i < READS_PER_CALL; i += 1) if (read() !== undefined) sink += 1;
  };
  const results = await measure(
    {
      mapGet: loop(() => map.get(SECRETS)),
      contextSecrets: loop(() => context.secrets),
      containerGet: loop(() => container.get(SECRETS)),
      contextGet: loop(() => context.get(SECRETS)),
    },
    budget,
  );
  if (sink === 0) throw new Error('no read returned the service');
  return results as unknown as ServiceAccessResult;
}
