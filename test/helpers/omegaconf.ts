/**
 * Differential testing against real OmegaConf: one long-lived Python process per test file
 * (test/parity/omegaconf_harness.py, speaking line-delimited JSON), our loader on the same store,
 * and one comparison of the two answers.
 *
 * Values cross as tagged JSON so that nothing is lost on the way: ints `{$int}`, floats `{$float}`
 * (Python's repr: `1.0`, `inf`, `nan`), mappings `{$map: [[key, keyType, value], …]}`.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe } from '@jest/globals';
import { loadConfig, MxmError } from '../../src/index.js';
import { pythonFloatRepr } from '../../src/config/python-text.js';
import { isFloatAt, keyTypeOf } from '../../src/config/python-values.js';
import { DEMO, tempStore } from './temp-store.js';

/** Debian's python3, where python3-omegaconf lives (a pyenv `python3` on PATH may lack it). */
const PYTHON = '/usr/bin/python3';
const HARNESS = new URL('../parity/omegaconf_harness.py', import.meta.url).pathname;

/** Whether Debian's python3 can import omegaconf. */
export const omegaConfAvailable = spawnSync(PYTHON, ['-c', 'import omegaconf'], { stdio: 'ignore' }).status === 0;

/**
 * `describe` when python3-omegaconf is installed; otherwise says so loudly and skips — except
 * under CI=true, where a missing OmegaConf is an error (.ci/run installs it).
 */
export function describeWithOmegaConf(): typeof describe | typeof describe.skip {
  if (omegaConfAvailable) return describe;
  if (process.env['CI'] === 'true') throw new Error('python3-omegaconf must be installed under CI (.ci/run installs it): the parity tests need real OmegaConf');
  console.warn('\n*** python3-omegaconf is not installed (/usr/bin/python3 -c "import omegaconf" failed): the OmegaConf parity tests are SKIPPED ***\n');
  return describe.skip;
}

/** A tagged value as it crosses between the two sides. */
export type Tagged = null | boolean | string | { $int: string } | { $float: string } | { $map: [string, string, Tagged][] } | Tagged[] | { $other: string; repr: string };

/** One config store to resolve on both sides. */
export interface ParityStore {
  /** Layer name (`default`, `environment`, …) → YAML text. */
  readonly files: Readonly<Record<string, string>>;
  /** Identity values for the dimensions; default DEMO's. */
  readonly identity?: Partial<Record<'environment' | 'machine' | 'substrate' | 'role', string>>;
  /** Overrides: dotted key path → value (tagged: use {@link int}/{@link float} for numbers). */
  readonly overrides?: Readonly<Record<string, Tagged>>;
  /** The environment `oc.env` / `env` see (nothing else of the process's). */
  readonly env?: Readonly<Record<string, string>>;
}

/** An answer: the resolved data, or the kind of failure. */
export type Answer = { readonly ok: true; readonly data: Tagged } | { readonly ok: false; readonly error: string; readonly message?: string };

/** `{$int}` for a tagged override value. */
export const int = (n: number | bigint): Tagged => ({ $int: String(n) });
/** `{$float}` for a tagged override value (Python's repr of the float). */
export const float = (n: number): Tagged => ({ $float: pythonFloatRepr(n) });

/** The OmegaConf side: a Python process answering one store per line. */
export class OmegaConfHarness {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';

  constructor() {
    this.child = spawn(PYTHON, [HARNESS], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' } });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
    this.child.on('exit', (code) => {
      for (const reject of this.waiting.splice(0)) reject(JSON.stringify({ ok: false, error: 'HarnessExited', message: `exit ${code}: ${this.stderr.slice(0, 500)}` }));
    });
  }

  /** OmegaConf's answer for a store. */
  resolve(store: ParityStore): Promise<Answer> {
    const request = { files: store.files, identity: { ...identityOf(store) }, overrides: store.overrides ?? null, env: store.env ?? {} };
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(JSON.parse(line) as Answer));
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  /** Ends the Python process (stdin closed; it exits when it reads the end). */
  close(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.on('exit', () => resolve());
      this.child.stdin.end();
    });
  }
}

function identityOf(store: ParityStore): Record<'environment' | 'machine' | 'substrate' | 'role', string> {
  const { environment, machine, substrate, role } = DEMO;
  return { environment, machine, substrate, role, ...store.identity };
}

/** Our loader's answer for a store (the error's `code` as the kind of failure). */
export function resolveOurs(store: ParityStore): Answer {
  const { root, cleanup } = tempStore(store.files);
  try {
    const overrides = store.overrides === undefined ? undefined : Object.fromEntries(Object.entries(store.overrides).map(([k, v]) => [k, untag(v)]));
    const config = loadConfig({ identity: { ...DEMO, ...identityOf(store) }, storeRoot: root, env: { ...store.env }, overrides });
    return { ok: true, data: tag(config.data) };
  } catch (error) {
    if (error instanceof MxmError) return { ok: false, error: error.code, message: error.message.split('\n')[0] ?? '' };
    return { ok: false, error: `unexpected ${(error as Error).name}`, message: (error as Error).message };
  } finally {
    cleanup();
  }
}

/**
 * Our data, tagged: a number is a float when its slot says so (or it is not integral), a key
 * carries the Python type it was read with.
 */
export function tag(value: unknown, container?: object, key?: string | number): Tagged {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return { $int: String(value) };
  if (typeof value === 'number') {
    const isFloat = container !== undefined && key !== undefined ? isFloatAt(container, key, value) : !Number.isInteger(value);
    return isFloat || Math.abs(value) > Number.MAX_SAFE_INTEGER ? { $float: pythonFloatRepr(value) } : { $int: String(value) };
  }
  if (Array.isArray(value)) return value.map((v, i) => tag(v, value, i));
  if (typeof value === 'object') {
    const mapping = value as Record<string, unknown>;
    return { $map: Object.keys(mapping).map((k) => [k, keyTypeOf(mapping, k), tag(mapping[k], mapping, k)] as [string, string, Tagged]) };
  }
  return { $other: typeof value, repr: String(value) };
}

/** A tagged value as our loader takes it (ints beyond 2^53 as BigInt). */
export function untag(value: Tagged): unknown {
  if (Array.isArray(value)) return value.map(untag);
  if (value !== null && typeof value === 'object') {
    if ('$int' in value) {
      const big = BigInt(value.$int);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    if ('$float' in value) return Number(value.$float.replace(/^(-?)inf$/, '$1Infinity').replace('nan', 'NaN'));
    if ('$map' in value) return Object.fromEntries(value.$map.map(([k, , v]) => [k, untag(v)]));
    return undefined;
  }
  return value;
}

/**
 * Whether OmegaConf's answer contains a mandatory value left unset (`???`): we fail the build
 * there on purpose (README, "Differences from the Python packages").
 */
function hasMissing(value: Tagged): boolean {
  if (value === '???') return true;
  if (Array.isArray(value)) return value.some(hasMissing);
  if (value !== null && typeof value === 'object' && '$map' in value) return value.$map.some(([, , v]) => hasMissing(v));
  return false;
}

/** A mapping's keys as OmegaConf prints them; the key's Python type is not ours to know. */
function canonical(value: Tagged): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object' && '$map' in value) {
    return { $map: value.$map.map(([k, , v]) => [k, canonical(v)]).sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0)) };
  }
  return value;
}

/** The verdict on one store: equal values, or failures on both sides; else what differs. */
export interface Verdict {
  readonly same: boolean;
  readonly ours: Answer;
  readonly theirs: Answer;
  readonly why?: string;
}

/** Compares the two answers. Mapping order is not compared here (a rendered string shows it). */
export function compare(ours: Answer, theirs: Answer): Verdict {
  if (theirs.ok && hasMissing(theirs.data)) {
    // Unset (CONFIG_VALIDATION_FAILED) or referenced (CONFIG_INTERPOLATION_MISSING_KEY): either way the build fails.
    const same = !ours.ok;
    return same ? { same, ours, theirs } : { same, ours, theirs, why: 'OmegaConf leaves ??? unset; we must fail the build' };
  }
  if (!theirs.ok && theirs.error === 'UnsupportedValueType' && ours.ok) {
    // oc.decode of a list or dict: OmegaConf.resolve cannot store the plain container; we keep it (README).
    return { same: true, ours, theirs };
  }
  if (!theirs.ok || !ours.ok) {
    const same = !theirs.ok && !ours.ok;
    return same ? { same, ours, theirs } : { same, ours, theirs, why: theirs.ok ? 'only we fail' : 'only OmegaConf fails' };
  }
  const a = JSON.stringify(canonical(ours.data));
  const b = JSON.stringify(canonical(theirs.data));
  return a === b ? { same: true, ours, theirs } : { same: false, ours, theirs, why: 'different values' };
}

/** A one-paragraph account of a verdict, for a failing test's message. */
export function describeVerdict(store: ParityStore, verdict: Verdict): string {
  return [
    `parity: ${verdict.why ?? 'same'}`,
    `store: ${JSON.stringify(store)}`,
    `ours:     ${JSON.stringify(verdict.ours)}`,
    `OmegaConf: ${JSON.stringify(verdict.theirs)}`,
  ].join('\n');
}
