/** `mxm-runtime secrets check`: readiness of every store's backend; exit 1 if any is not ready. */
import { contextFromOptions } from '../build-context.js';
import type { CommonOptions } from '../identity-options.js';
import { printJson, printLines, status } from '../output.js';

export default async function secretsCheck(options: CommonOptions): Promise<void> {
  const context = await contextFromOptions(options);
  const stores = await context.secrets.checkReady();
  if (options.json === true) printJson({ ready: stores.every((s) => s.ready), stores });
  else printLines(stores.length === 0 ? ['(no secret stores configured)'] : stores.map((s) => `  ${s.store.padEnd(16)} ${s.backend.padEnd(8)} ${status(s.ready, s.ready ? 'ready' : 'NOT READY')}${s.reason === undefined ? '' : `  ${s.reason}`}`));
  if (stores.some((s) => !s.ready)) process.exitCode = 1;
  await context.dispose();
}
