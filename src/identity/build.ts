/**
 * Building a runtime identity from what the caller says, the MXM_* variables and discovery.
 *
 * Precedence per field: explicit argument, then its MXM_* variable, then (machine and substrate
 * only) discovery. Owns: that precedence and the evidence for each field. Does not own:
 * discovery itself (src/discovery) or the rules a field must satisfy (validate.ts).
 */
import { discovered, type Discovered } from '../discovery/evidence.js';
import { discoverMachineWithEvidence } from '../discovery/machine.js';
import { resolveProbes, type DiscoveryProbes } from '../discovery/probes.js';
import { discoverSubstrateWithEvidence } from '../discovery/substrate.js';
import type { Problem } from '../errors/mxm-error.js';
import { RuntimeIdentityError } from './identity-errors.js';
import { IDENTITY_FIELDS, type IdentityField, type RuntimeIdentity } from './runtime-identity.js';
import { validateRuntimeIdentityShape } from './validate.js';

/** The environment variable that supplies each identity field. */
export const IDENTITY_ENV_VARS: Readonly<Record<IdentityField, string>> = Object.freeze({
  app: 'MXM_APP',
  environment: 'MXM_ENVIRONMENT',
  machine: 'MXM_MACHINE',
  substrate: 'MXM_SUBSTRATE',
  role: 'MXM_ROLE',
});

/** What a caller may say about the identity; anything left out comes from MXM_* or discovery. */
export interface RuntimeIdentityInput {
  readonly app?: string | undefined;
  readonly environment?: string | undefined;
  readonly role?: string | undefined;
  readonly machine?: string | undefined;
  readonly substrate?: string | undefined;
}

/** Options for building an identity. */
export interface BuildIdentityOptions {
  /** Config store root, for the `machines.yaml` alias map. */
  readonly storeRoot?: string | undefined;
  /** Host facts (environment, file-system root, host name); the real host by default. */
  readonly probes?: Partial<DiscoveryProbes> | undefined;
}

/** An identity with the evidence behind every field. */
export interface ResolvedIdentity {
  readonly identity: RuntimeIdentity;
  readonly evidence: Readonly<Record<IdentityField, Discovered>>;
}

/**
 * Resolves an identity and records where each field came from.
 *
 * @throws {RuntimeIdentityError} when app, environment or role is given nowhere, or any field is
 *   malformed; every bad field is listed.
 * @throws {ConfigError} when the store's `machines.yaml` is malformed.
 */
export function resolveRuntimeIdentity(input: RuntimeIdentityInput, options: BuildIdentityOptions = {}): ResolvedIdentity {
  const probes = resolveProbes(options.probes);
  const evidence: Partial<Record<IdentityField, Discovered>> = {};
  const problems: Problem[] = [];
  for (const field of IDENTITY_FIELDS) {
    const given = input[field];
    const variable = IDENTITY_ENV_VARS[field];
    const fromEnv = probes.env[variable];
    if (given !== undefined) {
      // A flag wins over its variable; say so when they disagree, so the surprise is visible.
      const disagreement = fromEnv !== undefined && fromEnv !== '' && fromEnv !== given ? ` (overrides ${variable}=${fromEnv})` : '';
      evidence[field] = discovered(given, 'argument', `given as ${field}${disagreement}`);
    } else if (fromEnv !== undefined && fromEnv !== '') {
      evidence[field] = discovered(fromEnv, 'environment', `${variable}=${fromEnv}`);
    } else if (field === 'machine') {
      evidence[field] = discoverMachineWithEvidence({ storeRoot: options.storeRoot, probes });
    } else if (field === 'substrate') {
      evidence[field] = discoverSubstrateWithEvidence(probes);
    } else {
      problems.push({ path: field, message: `not given; pass it or set ${variable}` });
    }
  }
  if (problems.length > 0) throw new RuntimeIdentityError(problems);
  const fields = evidence as Record<IdentityField, Discovered>;
  const identity = {
    app: fields.app.value,
    environment: fields.environment.value,
    machine: fields.machine.value,
    substrate: fields.substrate.value,
    role: fields.role.value,
  };
  validateRuntimeIdentityShape(identity);
  return Object.freeze({ identity: Object.freeze(identity), evidence: Object.freeze(fields) });
}

/**
 * Builds a frozen runtime identity. Missing machine and substrate are discovered; MXM_APP,
 * MXM_ENVIRONMENT, MXM_ROLE, MXM_MACHINE and MXM_SUBSTRATE fill what the caller leaves out.
 *
 * @example
 * ```ts
 * const identity = buildRuntimeIdentity({ app: 'demo', environment: 'dev', role: 'research' });
 * ```
 * @throws {RuntimeIdentityError} when a field is missing everywhere or malformed (all listed).
 * @throws {ConfigError} when the store's `machines.yaml` is malformed.
 */
export function buildRuntimeIdentity(input: RuntimeIdentityInput, options: BuildIdentityOptions = {}): RuntimeIdentity {
  return resolveRuntimeIdentity(input, options).identity;
}
