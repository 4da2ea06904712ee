/**
 * RESULTS.md: medians, ratios against the floor and the peers, each target with its verdict,
 * the growth plot (text here, SVG beside it) and the profile of a context build.
 */
import type { ColdProfile, ColdStartResult, ColdStartRun } from './cold-start.js';
import type { ImportCost } from './import-costs.js';
import type { ContextBuildResult } from './context-build.js';
import type { PassSecretResult } from './pass-secret.js';
import type { HotFunction } from './profile.js';
import { ratio } from './measure.js';
import { READS_PER_CALL, type ServiceAccessResult } from './service-access.js';

/** Everything one run measured. */
export interface BenchRun {
  readonly machine: string;
  readonly node: string;
  readonly date: string;
  readonly builds: readonly ContextBuildResult[];
  readonly access: ServiceAccessResult;
  readonly cold: ColdStartResult;
  /** What loading each heavy module adds to a process start. */
  readonly imports: readonly ImportCost[];
  readonly pass: PassSecretResult;
  readonly profile: readonly HotFunction[];
  readonly profileLabel: string;
}

/** One target and whether this run met it. */
export interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
  /** Why it was missed, from this run's own numbers (only for a miss). */
  readonly why?: string | undefined;
}

const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(4));
const x = (v: number): string => `${v.toFixed(2)}×`;
const sizeOf = (b: ContextBuildResult): string => (b.store.leafKeys === undefined ? 'example store' : `${b.store.leafKeys.toLocaleString('en-US')} keys`);

/** Every target of the issue, checked against this run. */
export function verdicts(run: BenchRun): Verdict[] {
  const out: Verdict[] = [];
  for (const b of run.builds) {
    const built = ratio(b.context, b.floor);
    const limit = b.store.leafKeys === undefined ? 2 : b.store.leafKeys === 10_000 ? 1.2 : b.store.leafKeys > 10_000 ? 1.3 : undefined;
    if (limit !== undefined) out.push({ target: `context build ≤ ${limit}× floor (${sizeOf(b)})`, measured: x(built), met: built <= limit, why: fixedCosts(b) });
    const versus = ratio(b.context, b.nodeConfig);
    out.push({ target: `context build faster than node-config (${sizeOf(b)})`, measured: `${x(versus)} node-config's time`, met: versus < 1, why: `${fixedCosts(b)} node-config only reads, parses and deep-merges (${x(ratio(b.nodeConfig, b.floor))} the floor): no identity or discovery, provenance, interpolation, schema or container.${b.store.leafKeys === undefined ? " On the example store it also reads less: node-config's files hold only the selected blocks, the store's dimension files hold every selector's block." : ''}` });
  }
  const generated = run.builds.filter((b) => b.store.leafKeys !== undefined);
  for (let i = 1; i < generated.length; i += 1) {
    const a = generated[i - 1] as ContextBuildResult;
    const b = generated[i] as ContextBuildResult;
    const keys = (b.store.leafKeys as number) / (a.store.leafKeys as number);
    const time = ratio(b.context, a.context);
    out.push({
      target: `linear growth: ${keys}× keys ≤ ${(keys * 1.1).toFixed(0)}× time (${sizeOf(a)} → ${sizeOf(b)})`,
      measured: x(time),
      met: time <= keys * 1.1,
      why: growthWhy(a, b, time),
    });
  }
  const secrets = ratio(run.access.contextSecrets, run.access.mapGet);
  out.push({ target: 'context.secrets ≤ 1.5× Map.get', measured: x(secrets), met: secrets <= 1.5 });
  const get = ratio(run.access.contextGet, run.access.containerGet);
  out.push({ target: 'context.get(TOKEN) ≤ 1.2× container.get(TOKEN)', measured: x(get), met: get <= 1.2 });
  out.push(...coldVerdicts(run));
  if ('skipped' in run.pass) out.push({ target: 'a secret via pass ≤ 1.1× pass show', measured: `not measured: ${run.pass.skipped}`, met: false });
  else {
    const pass = ratio(run.pass.getSecret, run.pass.passShow);
    out.push({ target: 'a secret via pass ≤ 1.1× pass show', measured: x(pass), met: pass <= 1.1, why: 'Both spawn pass (a shell script that runs gpg); the difference is PATH lookup, the process-group set-up and the concurrency limiter.' });
  }
  return out;
}

/** Issue #15's targets, per Node version. */
function coldVerdicts(run: BenchRun): Verdict[] {
  const out: Verdict[] = [];
  const [cli, app] = run.cold.profiles;
  for (const r of run.cold.runs) {
    const on = `Node ${r.node}`;
    const ratioOf = (m: { medianMs: number }) => m.medianMs / r.bare.medianMs;
    const loading = 'A cold start is mostly Node starting and loading code: see the import costs and the profiles under 3.';
    const target = (what: string, m: { medianMs: number }, limit: number, why: string) => out.push({ target: `${what} ≤ ${limit}× node -e 0 (${on})`, measured: x(ratioOf(m)), met: ratioOf(m) <= limit, why });
    target('`mxm-runtime identity`', r.identity, 1.3, loading);
    target('`mxm-runtime config`', r.config, 1.6, loading);
    target('`mxm-runtime context --json`', r.context, 2, `${loading}${cli === undefined ? '' : ` ${profileWhy(cli)}`}`);
    target('application script', r.app, 2, `${loading}${app === undefined ? '' : ` ${profileWhy(app)}`}`);
    const rss = r.rss.app / r.rss.bare;
    out.push({ target: `resident memory holding the example context ≤ 1.5× a bare node (${on})`, measured: x(rss), met: rss <= 1.5, why: `${mib(r.rss.app - r.rss.bare)} above a bare process (${mib(r.rss.bare)}): the code of the bundle (compiled functions and their source) and the context's heap.` });
    // This Node's warm ratios are section 1's, with their own verdicts there.
    if (r.node !== run.node) {
      out.push({ target: `context build ≤ 2× floor (example store, ${on})`, measured: x(r.warm.example), met: r.warm.example <= 2, why: 'The fixed costs of a build (identity and discovery, provider schemas, the container and its checks) weigh most on a small store; section 1 has the breakdown on this run’s own Node.' });
      out.push({ target: `context build ≤ 1.2× floor (10,000 keys, ${on})`, measured: x(r.warm.tenThousand), met: r.warm.tenThousand <= 1.2, why: 'Per-key work (provenance, interpolation scan, freezing) and collecting its garbage; see the profile of a build at the end.' });
    }
  }
  return out;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The largest shares of a profiled cold start, in words. */
function profileWhy(p: ColdProfile): string {
  const top = p.byOrigin.slice(0, 3).map((o) => `${o.origin} ${ms(o.ms)} ms`).join(', ');
  return `In a profiled cold start of ${p.label} (${ms(p.totalMs)} ms of samples): ${top}.`;
}

/** What a build does besides parsing, in this run's numbers. */
function fixedCosts(b: ContextBuildResult): string {
  const rest = b.context.medianMs - b.config.medianMs;
  const small = b.store.leafKeys === undefined || b.store.leafKeys <= 1000;
  const what = 'identity and discovery, provider schemas (convict), the container, every provider and its checks';
  const tail = rest <= 0 ? '' : small ? `; the rest — ${what} — is about ${ms(rest)} ms, a fixed cost that weighs most on small stores` : `; the rest — ${what}, and collecting the garbage of the larger heap — is about ${ms(rest)} ms`;
  return `Of the build's ${ms(b.context.medianMs)} ms, loading the config alone (reading, merge with provenance, interpolation, freezing) is ${ms(b.config.medianMs)} ms${tail}; reading and parsing the files with the yaml library (the floor) takes ${ms(b.floor.medianMs)} ms.`;
}

/** Why growth over one step was more than linear, in this run's numbers. */
function growthWhy(a: ContextBuildResult, b: ContextBuildResult, time: number): string {
  const floor = ratio(b.floor, a.floor);
  const peer = ratio(b.nodeConfig, a.nodeConfig);
  const same = `Over the same step the floor — reading and parsing with the yaml library — grew ${x(floor)} and node-config ${x(peer)}`;
  if (floor >= time * 0.95) return `${same}: parsing, and collecting a heap that grows with the store, is itself superlinear here, and the build follows it.`;
  return `${same}. The build grew more than its floor: per-key work (a provenance entry for every leaf, the interpolation scan, freezing) adds garbage in proportion to the store, and collecting it costs more as the heap grows — the profile's garbage-collector share shows it.`;
}

/** The growth plot as text: one bar per generated store, on a log scale. */
export function growthText(builds: readonly ContextBuildResult[]): string {
  const generated = builds.filter((b) => b.store.leafKeys !== undefined);
  const max = Math.max(...generated.map((b) => b.context.medianMs));
  const min = Math.min(...generated.map((b) => b.context.medianMs));
  const width = 48;
  const scale = (v: number) => Math.max(1, Math.round((width * Math.log(v / min + 1)) / Math.log(max / min + 1)));
  return generated
    .map((b) => `${sizeOf(b).padStart(14)} │${'█'.repeat(scale(b.context.medianMs)).padEnd(width)} ${ms(b.context.medianMs)} ms  (${((1000 * b.context.medianMs) / (b.store.leafKeys as number)).toFixed(2)} ms per 1 000 keys)`)
    .join('\n');
}

/** The growth plot as SVG, log-log: build time and floor against leaf keys. */
export function growthSvg(builds: readonly ContextBuildResult[]): string {
  const generated = builds.filter((b) => b.store.leafKeys !== undefined);
  const [w, h, pad] = [560, 320, 56];
  const xs = generated.map((b) => Math.log10(b.store.leafKeys as number));
  const ys = generated.flatMap((b) => [Math.log10(b.context.medianMs), Math.log10(b.floor.medianMs), Math.log10(b.nodeConfig.medianMs)]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys))];
  const px = (v: number) => pad + ((v - x0) / (x1 - x0 || 1)) * (w - 2 * pad);
  const py = (v: number) => h - pad - ((v - y0) / (y1 - y0 || 1)) * (h - 2 * pad);
  const line = (pick: (b: ContextBuildResult) => number, colour: string, label: string, row: number) =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${generated.map((b) => `${px(Math.log10(b.store.leafKeys as number)).toFixed(1)},${py(Math.log10(pick(b))).toFixed(1)}`).join(' ')}"/>` +
    `<text x="${pad + 8}" y="${pad - 30 + row * 14}" fill="${colour}" font-size="12">${label}</text>`;
  const ticks = generated.map((b) => `<text x="${px(Math.log10(b.store.leafKeys as number)).toFixed(1)}" y="${h - pad + 18}" font-size="11" text-anchor="middle">${(b.store.leafKeys as number).toLocaleString('en-US')}</text>`);
  const yticks = Array.from({ length: y1 - y0 + 1 }, (_, i) => `<text x="${pad - 6}" y="${py(y0 + i).toFixed(1)}" font-size="11" text-anchor="end">${10 ** (y0 + i)} ms</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="black"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="black"/>
${ticks.join('\n')}
${yticks.join('\n')}
<text x="${w / 2}" y="${h - 12}" font-size="12" text-anchor="middle">leaf keys (log)</text>
${line((b) => b.context.medianMs, '#c0392b', 'mxm-runtime context build', 0)}
${line((b) => b.floor.medianMs, '#2c3e50', 'floor: read + parse', 1)}
${line((b) => b.nodeConfig.medianMs, '#27ae60', 'node-config', 2)}
</svg>
`;
}

/** Section 3: cold start per Node version, memory, warm ratios, import costs and profiles. */
function coldSection(run: BenchRun): string {
  const runs = run.cold.runs;
  const head = `| | ${runs.map((r) => `Node ${r.node}`).join(' | ')} |\n| --- |${runs.map(() => ' ---: |').join('')}`;
  const row = (label: string, pick: (r: ColdStartRun) => { medianMs: number } | undefined) =>
    `| ${label} | ${runs.map((r) => { const m = pick(r); return m === undefined ? '—' : `${ms(m.medianMs)} ms (${x(m.medianMs / r.bare.medianMs)})`; }).join(' | ')} |`;
  const plain = (label: string, cell: (r: ColdStartRun) => string) => `| ${label} | ${runs.map(cell).join(' | ')} |`;
  const notes = run.cold.notes.length === 0 ? '' : `\n${run.cold.notes.map((n) => `- ${n}`).join('\n')}\n`;
  const profile = (p: ColdProfile) => `### Where a cold start goes: ${p.label} (Node ${run.node})

One run under \`--cpu-prof\` (after an unprofiled one), ${ms(p.totalMs)} ms of samples, idle time left out.

| self | where the code lives |
| ---: | --- |
${p.byOrigin.map((o) => `| ${ms(o.ms)} ms | ${o.origin} |`).join('\n')}

| self | function | where |
| ---: | --- | --- |
${p.top.map((f) => `| ${ms(f.selfMs ?? 0)} ms | \`${f.name}\` | ${f.where} |`).join('\n')}
`;
  return `Whole processes by wall time, median of ${runs[0]?.bare.samples ?? 0} runs each, interleaved (one round of
each command in turn, after a round that warms the file cache and fills the code cache), each
ratio against \`node -e 0\` of the same Node in the same rounds. The CLI is the bin as it ships
(one bundled file, loaded through its code cache); the application script
(bench/cold-app.mjs) imports the package by name, builds the example context and reads two
services. The OmegaConf peer is one Python process resolving the same store as mxm-config does
(bench/omegaconf-peer.py): the ratio is against \`node -e 0\`, for scale. The machine is shared
(2 cores, other work running): the medians are noisy, the ratios less so.
${notes}
${head}
${row('`node -e 0`', (r) => r.bare)}
${row('`mxm-runtime identity`', (r) => r.identity)}
${row('`mxm-runtime config`', (r) => r.config)}
${row('`mxm-runtime context --json`', (r) => r.context)}
${row('`context --json`, code cache off', (r) => r.contextNoCache)}
${row('application script', (r) => r.app)}
${row('OmegaConf (Python) on the same store', (r) => r.omegaconf)}
${plain('resident memory: bare node', (r) => mib(r.rss.bare))}
${plain('resident memory: holding the example context', (r) => `${mib(r.rss.app)} (${x(r.rss.app / r.rss.bare)})`)}
${plain('warm build ÷ floor, example store', (r) => x(r.warm.example))}
${plain('warm build ÷ floor, 10 000 keys', (r) => x(r.warm.tenThousand))}

What importing one module adds to a bare \`node\` start (Node ${run.node}, median of fresh
processes less \`node -e 0\`'s, the code cache warm): the package entry is the bundle (inversify,
yaml, convict inside); the unbundled entry is the same code as tsc wrote it, which loads
inversify's 372 files.

| module | adds |
| --- | ---: |
${run.imports.map((i) => `| \`${i.module.replace(/^.*\/dist\//, 'dist/')}\` | ${ms(i.ms)} ms |`).join('\n')}

${run.cold.profiles.map(profile).join('\n')}`;
}

/** The whole RESULTS.md. */
export function resultsMarkdown(run: BenchRun): string {
  const v = verdicts(run);
  const buildRows = run.builds.map(
    (b) =>
      `| ${sizeOf(b)} | ${ms(b.floor.medianMs)} | ${ms(b.context.medianMs)} | ${x(ratio(b.context, b.floor))} | ${ms(b.config.medianMs)} | ${x(ratio(b.config, b.floor))} | ${ms(b.nodeConfig.medianMs)} | ${x(ratio(b.nodeConfig, b.floor))} | ${ms(b.convict.medianMs)} | ${x(ratio(b.convict, b.floor))} |`,
  );
  const a = run.access;
  const per = (m: { medianMs: number }) => `${((m.medianMs * 1e6) / READS_PER_CALL).toFixed(1)} ns`;
  const passRows =
    'skipped' in run.pass
      ? [`Not measured: ${run.pass.skipped}.`]
      : ['| | median | ratio |', '| --- | ---: | ---: |', `| \`pass show\` (execFile) | ${ms(run.pass.passShow.medianMs)} ms | 1.00× |`, `| \`secrets.getSecret\` via the pass backend | ${ms(run.pass.getSecret.medianMs)} ms | ${x(ratio(run.pass.getSecret, run.pass.passShow))} |`];
  return `# Benchmark results

Written by \`npm run bench\` on ${run.date}. Machine: ${run.machine}. Node ${run.node}.
Every ratio compares two contenders measured in this same run: in-process with tinybench, in
5 rounds (rotated order), the ratio being the median of the per-round
ratios, so drift between rounds cancels; whole processes by wall time, runs interleaved. Benchmarks are not tests: nothing here fails \`npm test\`.

## Targets

| Target | Measured | Met |
| --- | --- | :---: |
${v.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`).join('\n')}

${v.some((t) => !t.met) ? `## Missed targets, and why\n\n${v.filter((t) => !t.met).map((t) => `- **${t.target}** — ${t.measured}. ${t.why ?? ''}`).join('\n')}\n\nThe profile at the end shows where a build's time goes.\n\n` : ''}## 1. Context build against the floor and the peers (median ms)

The floor reads and YAML-parses the same files (\`readFileSync\` + \`yaml.parse\`), nothing else.
The build reads plain YAML with its own line reader instead (tested to give the library's data;
anything else goes to the library), which is why it can take less than the floor.
*Context* is \`buildRuntimeContext\` with the default providers (\`dispose\` runs after each
build, outside the timed part): identity and
discovery, layered config with provenance, interpolation, schema validation, freezing, the
container and its eager checks. *Config* is \`loadConfig\` alone. node-config loads the same five
layers as default, prod, bridge, bridge-prod and local files; convict (no schema) loads them in
turn — without a schema it replaces nested sections instead of merging them, so it does less.

| Store | floor | context | ×floor | config | ×floor | node-config | ×floor | convict | ×floor |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${buildRows.join('\n')}

## 2. Service access (per read)

| | per read | ratio |
| --- | ---: | ---: |
| \`Map.get\` | ${per(a.mapGet)} | 1.00× |
| \`context.secrets\` | ${per(a.contextSecrets)} | ${x(ratio(a.contextSecrets, a.mapGet))} vs Map.get |
| \`container.get(SECRETS)\` | ${per(a.containerGet)} | 1.00× |
| \`context.get(SECRETS)\` | ${per(a.contextGet)} | ${x(ratio(a.contextGet, a.containerGet))} vs container.get |

## 3. Cold start

${coldSection(run)}
## 4. One secret through pass

${passRows.join('\n')}

## 5. Growth

Context build time against store size (log scale; the SVG is [growth.svg](growth.svg)):

\`\`\`text
${growthText(run.builds)}
\`\`\`

## Where the time goes: ${run.profileLabel}

Self time by function, from a CPU profile taken in this run:

| self | function | where |
| ---: | --- | --- |
${run.profile.map((f) => `| ${f.selfPercent.toFixed(1)}% | \`${f.name}\` | ${f.where} |`).join('\n')}
`;
}
