import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary directory holding the given files (path → text); removed by `cleanup`. */
export function tempDir(files: Readonly<Record<string, string>> = {}): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'mxm-test-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A config store for app `demo` with the given layer files (name without .yaml → text). */
export function tempStore(layers: Readonly<Record<string, string>>): { root: string; cleanup: () => void } {
  return tempDir(Object.fromEntries(Object.entries(layers).map(([name, text]) => [name.includes('/') ? name : `apps/demo/${name}.yaml`, text])));
}

/** The identity most tests use. */
export const DEMO = Object.freeze({ app: 'demo', environment: 'dev', machine: 'bridge', substrate: 'local-process', role: 'research' });
