/**
 * Benchmark 3: starting the CLI, wall time of the whole process, against `node -e 0` — the part
 * no command can avoid.
 */
import { fileURLToPath } from 'node:url';
import { measureProcesses, type Measured } from './measure.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** Medians of the three processes. */
export interface CliStartResult {
  readonly node: Measured;
  readonly identity: Measured;
  readonly config: Measured;
}

/** Runs `node -e 0`, `mxm-runtime identity` and `mxm-runtime config` on the example store, `runs` times each. */
export function benchCliStart(storeRoot: string, runs: number): CliStartResult {
  const args = ['--app', 'demo', '--env', 'dev', '--role', 'research', '--store-root', storeRoot];
  const env = { ...process.env, MXM_SUBSTRATE: 'local-process' };
  return measureProcesses(
    {
      node: { argv: [process.execPath, '-e', '0'] },
      identity: { argv: [process.execPath, CLI, 'identity', ...args], env },
      config: { argv: [process.execPath, CLI, 'config', ...args], env },
    },
    runs,
  ) as unknown as CliStartResult;
}

/** What importing one module adds to a process start: its median less `node -e 0`'s. */
export interface ImportCost {
  readonly module: string;
  readonly ms: number;
}

/** Measures the import cost of each module in a fresh process, `runs` times each. */
export function importCosts(modules: readonly string[], runs: number): ImportCost[] {
  const commands: Record<string, { argv: readonly string[] }> = { node: { argv: [process.execPath, '-e', '0'] } };
  for (const module of modules) commands[module] = { argv: [process.execPath, '--input-type=module', '-e', `await import(${JSON.stringify(module)})`] };
  const results = measureProcesses(commands, runs);
  const base = results['node']?.medianMs ?? 0;
  return modules.map((module) => ({ module, ms: (results[module]?.medianMs ?? 0) - base }));
}
