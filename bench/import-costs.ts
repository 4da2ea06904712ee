/**
 * Import costs: what loading one module adds to a bare `node` start, for the cold-start section's
 * account of where a start goes.
 */
import { measureProcesses } from './measure.js';

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
