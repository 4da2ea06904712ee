/**
 * Attestation: checking an identity's machine and substrate claims against the host.
 *
 * Discovery for attestation ignores MXM_MACHINE and MXM_SUBSTRATE — a claim cannot vouch for
 * itself. Owns: the comparison. Does not own: what to do about a mismatch (callers decide).
 */
import type { Discovered } from '../discovery/evidence.js';
import { discoverMachineWithEvidence } from '../discovery/machine.js';
import { resolveProbes, type DiscoveryProbes } from '../discovery/probes.js';
import { discoverSubstrateWithEvidence } from '../discovery/substrate.js';
import { RuntimeIdentityAttestationError, type AttestationMismatch } from './identity-errors.js';
import type { RuntimeIdentity } from './runtime-identity.js';

/** What the host says, for each attested field. */
export interface Attestation {
  readonly machine: Discovered;
  readonly substrate: Discovered;
}

/** Options of {@link attestRuntimeIdentity}. */
export interface AttestOptions {
  readonly storeRoot?: string | undefined;
  readonly probes?: Partial<DiscoveryProbes> | undefined;
}

/** Discovers machine and substrate from host facts only, without the MXM_* overrides. */
export function discoverHostFacts(options: AttestOptions = {}): Attestation {
  const probes = resolveProbes(options.probes);
  const env = { ...probes.env, MXM_MACHINE: undefined, MXM_SUBSTRATE: undefined };
  const hostProbes = { ...probes, env };
  return {
    machine: discoverMachineWithEvidence({ storeRoot: options.storeRoot, probes: hostProbes }),
    substrate: discoverSubstrateWithEvidence(hostProbes),
  };
}

/**
 * Checks the identity's machine and substrate against discovery.
 *
 * @returns what discovery found, when every claim holds.
 * @throws {RuntimeIdentityAttestationError} listing each mismatch, claimed against discovered.
 * @throws {ConfigError} when the store's `machines.yaml` is malformed.
 */
export function attestRuntimeIdentity(identity: RuntimeIdentity, options: AttestOptions = {}): Attestation {
  const facts = discoverHostFacts(options);
  const mismatches: AttestationMismatch[] = [];
  for (const field of ['machine', 'substrate'] as const) {
    const found = facts[field];
    if (found.value !== identity[field]) {
      mismatches.push({ field, claimed: identity[field], discovered: found.value, evidence: found.evidence });
    }
  }
  if (mismatches.length > 0) throw new RuntimeIdentityAttestationError(mismatches);
  return facts;
}
