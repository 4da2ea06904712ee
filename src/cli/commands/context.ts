/** `mxm-runtime context`: the summary of the runtime context. */
import { contextFromOptions } from '../build-context.js';
import { formatSummary, summarizeContext } from '../context-summary.js';
import type { CommonOptions } from '../identity-options.js';
import { printJson, printLines } from '../output.js';

export default async function context(options: CommonOptions): Promise<void> {
  const ctx = await contextFromOptions(options);
  const summary = await summarizeContext(ctx);
  if (options.json === true) printJson(summary);
  else printLines(formatSummary(summary));
  await ctx.dispose();
}
