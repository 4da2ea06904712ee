/**
 * The application of the cold-start benchmark: a process that imports the package (by its name,
 * as an application does), builds the example context and reads a service, then ends.
 * With MXM_BENCH_RSS=1 it prints its resident memory while it holds the context.
 */
import { buildRuntimeContext } from 'mxm-runtime';


const storeRoot = new URL('../examples/store', import.meta.url).pathname;
const context = await buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', role: 'research' }, storeRoot });
if (typeof context.paths.dataRoot !== 'string' || context.secrets.list().length === 0) throw new Error('no services');
if (process.env['MXM_BENCH_RSS'] === '1') process.stdout.write(`${process.memoryUsage.rss()}\n`);
await context.dispose();
