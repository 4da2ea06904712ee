/**
 * Running the checks live services bind under `serviceCheckToken(name)` (a database: connect and
 * `SELECT 1`), all at once, sorted by name. Used by `mxm-runtime doctor`.
 */
import { serviceCheckNameOf, serviceCheckToken } from '../container/tokens.js';
import type { ServiceCheckResult } from '../container/services.js';
import type { RuntimeContext } from '../context/runtime-context.js';

/** One check's name and outcome. */
export interface NamedCheckResult extends ServiceCheckResult {
  readonly name: string;
}

/** Runs every bound service check concurrently; a check that cannot even be resolved fails with the reason. Throws nothing. */
export async function runServiceChecks(context: RuntimeContext): Promise<NamedCheckResult[]> {
  const names = context
    .snapshot()
    .bindings.map((b) => serviceCheckNameOf(b.token))
    .filter((n): n is string => n !== undefined)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      try {
        return { name, ...(await context.get(serviceCheckToken(name)).run()) };
      } catch (error) {
        return { name, ok: false, reason: 'failed', detail: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}
