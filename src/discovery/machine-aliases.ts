/**
 * The optional `machines.yaml` at the config store root: host names or globs → machine selectors.
 *
 * Containers and cloud hosts get random host names; this map gives them a stable selector.
 * Exact names win over globs; among globs the first in the file wins. Owns: reading and matching
 * the map. Does not own: the host name itself (machine.ts).
 *
 * ```yaml
 * Bridge.local: bridge
 * "ci-runner-*": ci
 * "*": workstation
 * ```
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/config-errors.js';
import { readYamlFile } from '../config/yaml-reader.js';

/** The file name looked up at the store root. */
export const MACHINE_ALIASES_FILE = 'machines.yaml';

/** One entry of the alias map. */
export interface MachineAlias {
  readonly pattern: string;
  readonly machine: string;
}

/**
 * Reads `<storeRoot>/machines.yaml`; an absent file is an empty map.
 *
 * @throws {ConfigError} when the file is not valid YAML or not a mapping of strings to strings.
 */
export function readMachineAliases(storeRoot: string): { readonly file: string; readonly aliases: readonly MachineAlias[] } {
  const file = join(storeRoot, MACHINE_ALIASES_FILE);
  if (!existsSync(file)) return { file, aliases: [] };
  const { data } = readYamlFile(file);
  if (data === null) return { file, aliases: [] };
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError('CONFIG_NOT_A_MAPPING', `${file} must be a mapping of host name (or glob) to machine selector.`);
  }
  const aliases: MachineAlias[] = [];
  for (const [pattern, machine] of Object.entries(data as Record<string, unknown>)) {
    if (typeof machine !== 'string' || machine.length === 0) {
      throw new ConfigError('CONFIG_NOT_A_MAPPING', `${file}: the machine for '${pattern}' must be a non-empty string.`);
    }
    aliases.push({ pattern, machine });
  }
  return { file, aliases };
}

/**
 * Whether `text` matches a glob of `*` (any run) and `?` (any one character), ignoring case.
 * Iterative with one backtrack point (the last `*`): no regular expression, so no pattern and host
 * name can make it backtrack exponentially; at worst it takes |glob| × |text| steps.
 */
export function globMatches(glob: string, text: string): boolean {
  const g = glob.toLowerCase();
  const t = text.toLowerCase();
  let gi = 0;
  let ti = 0;
  let star = -1;
  let resume = 0;
  while (ti < t.length) {
    if (gi < g.length && (g[gi] === '?' || (g[gi] !== '*' && g[gi] === t[ti]))) {
      gi += 1;
      ti += 1;
    } else if (gi < g.length && g[gi] === '*') {
      star = gi;
      resume = ti;
      gi += 1;
    } else if (star >= 0) {
      gi = star + 1;
      resume += 1;
      ti = resume;
    } else {
      return false;
    }
  }
  while (gi < g.length && g[gi] === '*') gi += 1;
  return gi === g.length;
}

/** The alias that applies to a host name: exact (case-insensitive) first, then globs in file order. */
export function matchMachineAlias(aliases: readonly MachineAlias[], host: string): MachineAlias | undefined {
  const lower = host.toLowerCase();
  const exact = aliases.find((a) => !/[*?]/.test(a.pattern) && a.pattern.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  return aliases.find((a) => /[*?]/.test(a.pattern) && globMatches(a.pattern, host));
}
