/** `mxm-runtime snapshot`: the context snapshot as JSON. */
import { contextFromOptions } from '../build-context.js';
import type { CommonOptions } from '../identity-options.js';
import { printJson } from '../output.js';

export default async function snapshot(options: CommonOptions): Promise<void> {
  const context = await contextFromOptions(options);
  printJson(context.snapshot());
  await context.dispose();
}
