/**
 * Benchmark 3 (issue #15): cold start. Whole processes, runs interleaved, medians — per Node
 * version: `node -e 0`, each CLI command as it ships (the bundled bin), the application script
 * (bench/cold-app.mjs: imports the package by name, builds the example context, reads a service),
 * and the peer a user would pick instead, a Python process resolving the same store with
 * OmegaConf. Also the resident memory of a process holding the example context, and a CPU profile
 * of one cold start.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureProcesses, median, type Measured } from './measure.js';
import type { NodeBinary } from './node-versions.js';
import { selfTimes, shortUrl, summarizeProfile, type CpuProfile, type HotFunction } from './profile.js';
import type { WarmRatios } from './warm-build.js';

const CLI = fileURLToPath(new URL('../bin/mxm-runtime.cjs', import.meta.url));
const APP = fileURLToPath(new URL('../../bench/cold-app.mjs', import.meta.url));
const PEER = fileURLToPath(new URL('../../bench/omegaconf-peer.py', import.meta.url));
const WARM_CHILD = fileURLToPath(new URL('./warm-child.js', import.meta.url));
const EXAMPLE_ARGS = ['demo', 'dev', 'local-process', 'research'];

/** The medians of one Node version. */
export interface ColdStartRun {
  readonly node: string;
  readonly bare: Measured;
  readonly identity: Measured;
  readonly config: Measured;
  readonly context: Measured;
  /** `context --json` with MXM_RUNTIME_CODE_CACHE=off: what the code cache saves. */
  readonly contextNoCache: Measured;
  readonly app: Measured;
  readonly omegaconf?: Measured | undefined;
  /** Median resident set sizes, bytes: a bare node process and one holding the example context. */
  readonly rss: { readonly bare: number; readonly app: number };
  readonly warm: WarmRatios;
}

/** The whole section. */
export interface ColdStartResult {
  readonly runs: readonly ColdStartRun[];
  readonly notes: readonly string[];
  /** Where one cold start of `context --json` and of the application goes, on this Node. */
  readonly profiles: readonly ColdProfile[];
}

/** The python3 that has omegaconf, or why there is none. */
export function findOmegaConf(): { readonly python: string } | { readonly skipped: string } {
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', 'import omegaconf'], { stdio: 'ignore' });
    if (r.status === 0) return { python };
  }
  return { skipped: 'the OmegaConf peer was skipped: no python3 with omegaconf here (Debian: apt-get install python3-omegaconf)' };
}

/**
 * Measures every process of one Node version, `runs` rounds. `warm` is its warm-build ratios
 * (measured in-process for this Node, by bench/warm-child.js for another).
 *
 * @throws {Error} when a process exits non-zero.
 */
export function coldStartOn(node: NodeBinary, storeRoot: string, runs: number, warm: WarmRatios, python: string | undefined): ColdStartRun {
  const args = ['--app', 'demo', '--env', 'dev', '--role', 'research', '--store-root', storeRoot];
  // The substrate is given, as a deployment sets it: discovery would otherwise look for container marks.
  const env = { ...process.env, MXM_SUBSTRATE: 'local-process' };
  const cli = (command: readonly string[], extra: NodeJS.ProcessEnv = {}) => ({ argv: [node.path, CLI, ...command, ...args], env: { ...env, ...extra } });
  const measured = measureProcesses(
    {
      bare: { argv: [node.path, '-e', '0'] },
      identity: cli(['identity']),
      config: cli(['config']),
      context: cli(['context', '--json']),
      contextNoCache: cli(['context', '--json'], { MXM_RUNTIME_CODE_CACHE: 'off' }),
      app: { argv: [node.path, APP], env },
      ...(python === undefined ? {} : { omegaconf: { argv: [python, PEER, storeRoot, ...EXAMPLE_ARGS] } }),
    },
    runs,
  );
  const rss = (argv: readonly string[]) => median(Array.from({ length: Math.max(3, Math.min(runs, 7)) }, () => Number(spawnSync(argv[0] as string, argv.slice(1), { env: { ...env, MXM_BENCH_RSS: '1' }, encoding: 'utf8' }).stdout.trim())));
  return {
    node: node.version,
    bare: measured['bare'] as Measured,
    identity: measured['identity'] as Measured,
    config: measured['config'] as Measured,
    context: measured['context'] as Measured,
    contextNoCache: measured['contextNoCache'] as Measured,
    app: measured['app'] as Measured,
    omegaconf: measured['omegaconf'],
    rss: { bare: rss([node.path, '-e', 'process.stdout.write(String(process.memoryUsage.rss()))']), app: rss([node.path, APP]) },
    warm,
  };
}

/**
 * The warm ratios under another Node version, from a child process.
 *
 * @throws {Error} when the child fails.
 */
export function warmOn(node: NodeBinary, quick: boolean): WarmRatios {
  const r = spawnSync(node.path, [WARM_CHILD], { env: { ...process.env, BENCH_QUICK: quick ? '1' : '0' }, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`warm build under Node ${node.version} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as WarmRatios;
}

/** One cold start's CPU profile: the hottest functions and self time by where the code lives. */
export interface ColdProfile {
  readonly label: string;
  readonly totalMs: number;
  readonly byOrigin: readonly { readonly origin: string; readonly ms: number }[];
  readonly top: readonly HotFunction[];
}

/** What kind of code a profile node's URL is, for the by-origin roll-up. */
function originOf(url: string, name: string): string | undefined {
  if (url === '') return name === '(idle)' ? undefined : name === '(garbage collector)' ? 'garbage collector' : 'V8 and Node native code';
  if (url.startsWith('node:internal/modules') || url.startsWith('node:internal/bootstrap')) return 'Node: loading modules (resolve, read, compile)';
  if (url.startsWith('node:internal/deps/undici')) return "Node: undici (fetch), loaded by pg's Cloudflare check";
  if (url === 'node:vm') return 'V8: deserializing the code cache (vm.Script)';
  if (url.startsWith('node:')) return 'Node: other built-in modules';
  const short = shortUrl(url);
  if (short.startsWith('mxm-runtime/')) {
    if (/load-bundle|library-loader|bin\/mxm-runtime|bundle\/(index|postgres)\./.test(short)) return 'mxm-runtime: the bin, the entries and the loader (code cache)';
    return /\.cjs$/.test(short) ? 'mxm-runtime bundle (runtime, inversify, yaml, convict)' : `mxm-runtime unbundled (${short})`;
  }
  const pkg = /^(@[^/]+\/[^/]+|[^/]+)\//.exec(short)?.[1];
  return pkg !== undefined && !short.startsWith('/') ? `node_modules: ${pkg}` : 'the script itself';
}

/**
 * Runs `argv` once under `--cpu-prof` (after one unprofiled run, so the code cache is as in the
 * timings) and summarises it.
 *
 * @throws {Error} when the process fails or writes no profile.
 */
export function profileColdStart(label: string, argv: readonly string[], top: number): ColdProfile {
  const dir = mkdtempSync(join(tmpdir(), 'mxm-cold-prof-'));
  try {
    const env = { ...process.env, MXM_SUBSTRATE: 'local-process' };
    spawnSync(argv[0] as string, argv.slice(1), { env, stdio: 'ignore' });
    const r = spawnSync(argv[0] as string, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100', ...argv.slice(1)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`profiling '${argv.join(' ')}' exited ${r.status}: ${r.stderr?.toString() ?? ''}`);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`profiling '${argv.join(' ')}' wrote no profile`);
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const self = selfTimes(profile);
    const byOrigin = new Map<string, number>();
    for (const node of profile.nodes) {
      const origin = originOf(node.callFrame.url, node.callFrame.functionName);
      if (origin !== undefined) byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + (self.get(node.id) ?? 0));
    }
    const rows = [...byOrigin].map(([origin, ms]) => ({ origin, ms })).sort((a, b) => b.ms - a.ms);
    // Origins under half a millisecond are noise in a table.
    return { label, totalMs: rows.reduce((s, r) => s + r.ms, 0), byOrigin: rows.filter((r) => r.ms >= 0.5), top: summarizeProfile(profile, top) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The processes profiled: `context --json` through the bin, and the application script. */
export function coldProfiles(storeRoot: string, top: number): ColdProfile[] {
  const args = ['--app', 'demo', '--env', 'dev', '--role', 'research', '--store-root', storeRoot];
  return [profileColdStart('`mxm-runtime context --json`', [process.execPath, CLI, 'context', '--json', ...args], top), profileColdStart('the application script', [process.execPath, APP], top)];
}
