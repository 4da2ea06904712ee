/**
 * Runtime metadata: facts about where the process runs, for services that adapt to it.
 *
 * Owns: the metadata shape. Stable across runs on one host (no pid, no time), so it can be
 * snapshotted.
 */
import type { Discovered } from './evidence.js';
import { isContainerSubstrate } from './substrate.js';

/** What the runtime knows about its execution environment. */
export interface RuntimeMetadata {
  readonly substrate: string;
  readonly isContainer: boolean;
  /** Why the identity's machine and substrate are what they are. */
  readonly evidence: { readonly machine: Discovered; readonly substrate: Discovered };
}

/** Builds frozen metadata from the identity's evidence. */
export function buildRuntimeMetadata(evidence: { machine: Discovered; substrate: Discovered }): RuntimeMetadata {
  return Object.freeze({
    substrate: evidence.substrate.value,
    isContainer: isContainerSubstrate(evidence.substrate.value),
    evidence: Object.freeze({ machine: evidence.machine, substrate: evidence.substrate }),
  });
}
