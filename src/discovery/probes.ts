/**
 * The facts of the host that discovery reads, behind one injectable interface.
 *
 * Owns: access to the environment, the host name and the file system root. Tests replace it to
 * cover every branch (a container, a pod, a plain process) without being in one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** What discovery may look at. Every field is optional when passed in; defaults read the real host. */
export interface DiscoveryProbes {
  /** Environment variables (default: `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The file-system root that marker files are looked up under (default: `/`). */
  readonly root: string;
  /** The host name as the operating system reports it. */
  readonly hostname: () => string;
}

/** Fills in the real host for every probe the caller did not supply. */
export function resolveProbes(probes: Partial<DiscoveryProbes> = {}): DiscoveryProbes {
  return {
    env: probes.env ?? process.env,
    root: probes.root ?? '/',
    hostname: probes.hostname ?? hostname,
  };
}

/** Whether `path` (absolute, as on the host) exists under the probes' root. */
export function probeExists(probes: DiscoveryProbes, path: string): boolean {
  return existsSync(join(probes.root, path));
}

/** The text of `path` under the probes' root, or undefined when it cannot be read. */
export function probeRead(probes: DiscoveryProbes, path: string): string | undefined {
  try {
    return readFileSync(join(probes.root, path), 'utf8');
  } catch {
    return undefined;
  }
}
