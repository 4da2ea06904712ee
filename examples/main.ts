/**
 * The main job (`npm start`): build the runtime context of the example identity from the example
 * store, on whatever host this runs, and print its summary.
 *
 * The host's name is not in the example store; its `machines.yaml` maps every host (`"*"`) to the
 * `workstation` profile, as a user's store would map CI runners and containers.
 */
import { fileURLToPath } from 'node:url';
import { formatSummary, summarizeContext } from '../src/cli/context-summary.js';
import { buildRuntimeContext } from '../src/index.js';
import { deploymentModules } from './deployment-modules.js';
import { ResearchApp } from './research-app.js';

/** The example config store, next to this file in the repository. */
export const EXAMPLE_STORE = fileURLToPath(new URL('../../examples/store', import.meta.url));

// `npm start | head`: a reader that went away ends the job quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const context = await buildRuntimeContext({
  identity: { app: 'demo', environment: process.env['MXM_ENVIRONMENT'] ?? 'dev', role: process.env['MXM_ROLE'] ?? 'research' },
  storeRoot: process.env['MXM_CONFIG_STORE'] ?? EXAMPLE_STORE,
  modules: deploymentModules,
});
process.stdout.write(`${formatSummary(await summarizeContext(context)).join('\n')}\n`);
const app = context.get(ResearchApp);
process.stdout.write(`\napplication plan\n${(await app.plan()).map((line) => `  ${line}`).join('\n')}\n`);
await context.dispose();
