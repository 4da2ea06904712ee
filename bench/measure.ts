/**
 * Measuring: in-process with tinybench (median latency per task; each group runs in a few
 * rounds, in rotated order, warmed up; forcing a full GC between tasks was tried and distorts
 * allocation-heavy tasks badly, so it is not done) and whole processes by wall time (runs of each command interleaved so
 * drift in the machine's speed falls on both sides of a ratio alike).
 */
import { spawnSync } from 'node:child_process';
import { Bench } from 'tinybench';

/** The median of one task, in milliseconds, and how many samples it rests on. */
export interface Measured {
  readonly medianMs: number;
  readonly samples: number;
  /** The median of each round, in order (in-process tasks measured in rounds). */
  readonly rounds?: readonly number[] | undefined;
}

/**
 * How many times slower `a` is than `b`: the median of the ratios of their medians round by round
 * when both were measured in the same rounds (paired, so drift between rounds cancels), else the
 * ratio of their medians.
 */
export function ratio(a: Measured, b: Measured): number {
  const ra = a.rounds;
  const rb = b.rounds;
  if (ra !== undefined && rb !== undefined && ra.length === rb.length && ra.length > 0) return median(ra.map((v, i) => v / (rb[i] as number)));
  return a.medianMs / b.medianMs;
}

/** How long to measure each task: at least `iterations` runs and `timeMs` of sampling. */
export interface Budget {
  readonly iterations: number;
  readonly timeMs: number;
}

/** A task: a function, or one with an untimed clean-up after each call. */
export type Task = (() => unknown) | { readonly fn: () => unknown; readonly afterEach: () => unknown };

/**
 * Measures every task in one Bench and returns each one's median.
 *
 * @throws {Error} when a task fails (its error is the cause).
 */
export async function measure(tasks: Record<string, Task>, budget: Budget, rounds = 5): Promise<Record<string, Measured>> {
  const medians: Record<string, number[]> = {};
  const samples: Record<string, number> = {};
  const names = Object.keys(tasks);
  for (let round = 0; round < rounds; round += 1) {
    // Each round starts the tasks at a different place, so heap state and drift fall on all alike.
    const order = names.map((_, i) => names[(i + round) % names.length] as string);
    const bench = new Bench({
      iterations: budget.iterations,
      time: budget.timeMs,
      warmup: true,
      warmupIterations: Math.max(1, Math.ceil(budget.iterations / 5)),
      warmupTime: budget.timeMs / 5,
      throws: true,
    });
    for (const name of order) {
      const task = tasks[name] as Task;
      if (typeof task === 'function') bench.add(name, task as () => Promise<void>);
      else bench.add(name, task.fn as () => Promise<void>, { afterEach: task.afterEach as () => Promise<void> });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`benchmark task '${task.name}' did not complete (${result.state})`);
      (medians[task.name] ??= []).push(result.latency.p50);
      samples[task.name] = (samples[task.name] ?? 0) + (result.latency.samples?.length ?? budget.iterations);
    }
  }
  return Object.fromEntries(names.map((name) => [name, { medianMs: median(medians[name] ?? []), samples: samples[name] ?? 0, rounds: medians[name] ?? [] }]));
}

/**
 * Median wall time of whole processes, `runs` each, interleaved: A B C A B C …
 *
 * @throws {Error} when a command exits non-zero (its stderr is shown).
 */
export function measureProcesses(commands: Record<string, { readonly argv: readonly string[]; readonly env?: NodeJS.ProcessEnv }>, runs: number): Record<string, Measured> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let round = -1; round < runs; round += 1) {
    for (const [name, { argv, env }] of Object.entries(commands)) {
      const started = process.hrtime.bigint();
      const result = spawnSync(argv[0] as string, argv.slice(1), { env: env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.status !== 0) throw new Error(`'${argv.join(' ')}' exited ${result.status}: ${result.stderr?.toString() ?? ''}`);
      if (round >= 0) times[name]?.push(ms); // round -1 warms the file cache
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, t]) => [name, { medianMs: median(t), samples: t.length }]));
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
