/**
 * `npm run bench`: runs every benchmark and writes bench/RESULTS.md and bench/growth.svg.
 * `BENCH_QUICK=1` runs each with a small budget (to check the harness, not to quote).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deploymentModules } from '../examples/deployment-modules.js';
import { buildRuntimeContext, resolveRuntimeIdentity } from '../src/index.js';
import { coldProfiles, coldStartOn, findOmegaConf, warmOn, type ColdStartRun } from './cold-start.js';
import { importCosts } from './import-costs.js';
import { benchContextBuild, type ContextBuildResult, type StoreCase } from './context-build.js';
import { BENCH_IDENTITY, generateStore } from './generate-store.js';
import { ratio, type Budget } from './measure.js';
import { benchPassSecret } from './pass-secret.js';
import { writePeerFiles } from './peer-files.js';
import { findNodeVersions } from './node-versions.js';
import { hotFunctions } from './profile.js';
import { growthSvg, resultsMarkdown, verdicts, type BenchRun } from './report.js';
import { benchServiceAccess } from './service-access.js';

const quick = process.env['BENCH_QUICK'] === '1';
const here = fileURLToPath(new URL('../../bench/', import.meta.url));
const exampleStore = fileURLToPath(new URL('../../examples/store', import.meta.url));
const SIZES = quick ? [100, 1000, 10_000] : [100, 1000, 10_000, 100_000];
const budgetFor = (leafKeys: number | undefined): Budget => {
  if (quick) return { iterations: 3, timeMs: 50 };
  if (leafKeys === undefined || leafKeys <= 100) return { iterations: 60, timeMs: 600 };
  if (leafKeys <= 1000) return { iterations: 20, timeMs: 600 };
  if (leafKeys <= 10_000) return { iterations: 5, timeMs: 0 };
  return { iterations: 2, timeMs: 0 };
};
const log = (line: string) => process.stderr.write(`${line}\n`);

const work = mkdtempSync(join(tmpdir(), 'mxm-bench-'));
// Every process the bench starts uses a code cache of its own (their warm-up rounds fill it), not
// whatever the user's holds.
process.env['MXM_RUNTIME_CODE_CACHE'] = join(work, 'code-cache');
try {
  // Each store is generated just before it is measured: building the 100 000-key store first
  // would leave a large heap behind that every later measurement pays to collect.
  const cases: StoreCase[] = [];
  const builds: ContextBuildResult[] = [];
  const exampleIdentity = { app: 'demo', environment: 'dev', role: 'research' };
  const exampleResolved = resolveRuntimeIdentity(exampleIdentity, { storeRoot: exampleStore }).identity;
  const layerNames = ['default', 'environment', 'machine', 'substrate', 'role'];
  const measureStore = async (store: StoreCase) => {
    log(`context build: ${store.label}`);
    cases.push(store);
    builds.push(await benchContextBuild(store, budgetFor(store.leafKeys)));
  };
  await measureStore({
    label: 'example',
    storeRoot: exampleStore,
    identity: exampleIdentity,
    resolved: exampleResolved,
    env: process.env,
    modules: deploymentModules,
    files: [join(exampleStore, 'machines.yaml'), ...layerNames.map((n) => join(exampleStore, 'apps', 'demo', `${n}.yaml`))],
    peers: writePeerFiles(exampleStore, exampleResolved, join(work, 'example-peers')),
  });
  for (const leafKeys of SIZES) {
    const storeRoot = generateStore(join(work, `store-${leafKeys}`), leafKeys);
    await measureStore({
      label: `${leafKeys}`,
      leafKeys,
      storeRoot,
      identity: BENCH_IDENTITY,
      resolved: BENCH_IDENTITY,
      env: {},
      files: layerNames.map((n) => join(storeRoot, 'apps', 'bench', `${n}.yaml`)),
      peers: writePeerFiles(storeRoot, BENCH_IDENTITY, join(work, `peers-${leafKeys}`)),
    });
  }

  log('service access');
  const context = await buildRuntimeContext({ identity: exampleIdentity, storeRoot: exampleStore, modules: deploymentModules });
  const access = await benchServiceAccess(context, quick ? { iterations: 5, timeMs: 50 } : { iterations: 100, timeMs: 1000 });
  await context.dispose();

  log('cold start');
  const versions = findNodeVersions(true);
  const peer = findOmegaConf();
  const example = builds.find((b) => b.store.leafKeys === undefined) as ContextBuildResult;
  const tenThousand = builds.find((b) => b.store.leafKeys === 10_000) as ContextBuildResult;
  const coldRuns: ColdStartRun[] = [];
  for (const node of versions.nodes) {
    log(`cold start: Node ${node.version}`);
    // This Node's warm ratios are section 1's; another's come from a child process.
    const warm = node.path === process.execPath ? { example: ratio(example.context, example.floor), tenThousand: ratio(tenThousand.context, tenThousand.floor) } : warmOn(node, quick);
    // 41 rounds: on a shared 2-core machine the median of 15 moved a ratio by ±0.05 between runs.
    coldRuns.push(coldStartOn(node, exampleStore, quick ? 3 : 41, warm, 'python' in peer ? peer.python : undefined));
  }
  const cold = { runs: coldRuns, notes: [...versions.notes, ...('skipped' in peer ? [peer.skipped] : [])], profiles: coldProfiles(exampleStore, 12) };
  const dist = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
  const imports = importCosts(['yaml', 'convict', 'inversify', 'pg', dist('src/index.js'), dist('bundle/index.js')], quick ? 3 : 15);

  log('pass');
  const pass = await benchPassSecret(quick ? { iterations: 3, timeMs: 50 } : { iterations: 20, timeMs: 1000 });

  const profiled = cases.find((c) => c.leafKeys === 10_000) as StoreCase;
  log(`profile: ${profiled.label}`);
  const profile = await hotFunctions(async () => (await buildRuntimeContext({ identity: profiled.identity, storeRoot: profiled.storeRoot, env: profiled.env })).dispose(), quick ? 1 : 5, 15);

  const cpu = cpus();
  const run: BenchRun = {
    machine: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}`,
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
    builds,
    access,
    cold,
    imports,
    pass,
    profile,
    profileLabel: `a context build on the 10 000-key store (${quick ? 1 : 5} builds)`,
  };
  writeFileSync(join(here, 'RESULTS.md'), resultsMarkdown(run));
  // The raw numbers, so the report can be checked against them — without the stores' settings
  // (the example's environment is this process's, and has no business in a committed file).
  const raw = { ...run, builds: run.builds.map(({ store, ...measured }) => ({ store: store.label, leafKeys: store.leafKeys, ...measured })) };
  writeFileSync(join(here, 'results.json'), `${JSON.stringify(raw, null, 2)}\n`);
  writeFileSync(join(here, 'growth.svg'), growthSvg(builds));
  for (const v of verdicts(run)) process.stdout.write(`${v.met ? 'met   ' : 'MISSED'}  ${v.target}: ${v.measured}\n`);
  process.stdout.write(`wrote ${join(here, 'RESULTS.md')}${quick ? ' (BENCH_QUICK: small budgets, not for quoting)' : ''}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
