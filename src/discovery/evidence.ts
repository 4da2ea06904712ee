/**
 * Evidence: why discovery gave the answer it gave.
 *
 * Owns: the shape of a discovered value and the kinds of source it may come from.
 */

/** Where a discovered value came from. */
export type EvidenceSource = 'argument' | 'environment' | 'alias' | 'hostname' | 'file' | 'default';

/** A discovered value with the fact that decided it. */
export interface Discovered {
  readonly value: string;
  readonly source: EvidenceSource;
  /** The file, variable or rule that decided, in words: `/.dockerenv exists`, `MXM_MACHINE=bridge`. */
  readonly evidence: string;
}

/** Builds a frozen {@link Discovered}. */
export function discovered(value: string, source: EvidenceSource, evidence: string): Discovered {
  return Object.freeze({ value, source, evidence });
}
