/**
 * Machine discovery: which machine-specific configuration profile applies to this host.
 *
 * Order: `MXM_MACHINE`, then the store's `machines.yaml` alias map (full host name or its
 * unqualified form), then the unqualified, lower-cased host name (`Bridge.local` → `bridge`).
 * Owns: that order. Does not own: explicit arguments (the identity builder puts them first).
 */
import type { Discovered } from './evidence.js';
import { discovered } from './evidence.js';
import { matchMachineAlias, readMachineAliases } from './machine-aliases.js';
import { resolveProbes, type DiscoveryProbes } from './probes.js';

/** Options of {@link discoverMachineWithEvidence}. */
export interface MachineDiscoveryOptions {
  /** Config store root whose `machines.yaml` maps host names to machine selectors. */
  readonly storeRoot?: string;
  readonly probes?: Partial<DiscoveryProbes>;
}

/** The unqualified, lower-cased form of a host name: `Bridge.local` → `bridge`. */
export function unqualifiedHostname(host: string): string {
  return (host.split('.')[0] ?? host).toLowerCase();
}

/**
 * Discovers the machine selector and the evidence for it.
 *
 * @throws {ConfigError} when the store's `machines.yaml` exists but is malformed.
 */
export function discoverMachineWithEvidence(options: MachineDiscoveryOptions = {}): Discovered {
  const probes = resolveProbes(options.probes);
  const fromEnv = probes.env['MXM_MACHINE'];
  if (fromEnv !== undefined && fromEnv !== '') return discovered(fromEnv, 'environment', `MXM_MACHINE=${fromEnv}`);
  const host = probes.hostname();
  if (options.storeRoot !== undefined) {
    const { file, aliases } = readMachineAliases(options.storeRoot);
    const alias = matchMachineAlias(aliases, host) ?? matchMachineAlias(aliases, unqualifiedHostname(host));
    if (alias !== undefined) {
      return discovered(alias.machine, 'alias', `host name '${host}' matches '${alias.pattern}' in ${file}`);
    }
  }
  return discovered(unqualifiedHostname(host), 'hostname', `host name '${host}'`);
}

/**
 * Discovers the machine selector: `MXM_MACHINE`, the store's alias map, else the unqualified host name.
 *
 * @throws {ConfigError} when the store's `machines.yaml` exists but is malformed.
 */
export function discoverMachine(options: MachineDiscoveryOptions = {}): string {
  return discoverMachineWithEvidence(options).value;
}
