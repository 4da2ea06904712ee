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
