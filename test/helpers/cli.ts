import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI as it ships: the bundled bin (npm test builds it before jest runs). */
export const CLI = fileURLToPath(new URL('../../dist/bin/mxm-runtime.cjs', import.meta.url));

/** Runs the CLI as a subprocess without the caller's MXM_* variables; `env` adds variables. */
export function cli(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MXM_')));
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...clean, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
