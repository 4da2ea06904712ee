/**
 * Errors of the identity area.
 *
 * Owns: the two identity error types and their codes.
 */
import { MxmError, formatProblems, type Problem, keepClassNames } from '../errors/mxm-error.js';

/** Thrown when identity fields are missing or malformed; lists every bad field at once. */
export class RuntimeIdentityError extends MxmError {
  constructor(problems: readonly Problem[]) {
    super('IDENTITY_INVALID', `Runtime identity is invalid:\n${formatProblems(problems)}`, { problems });
  }
}

/** One claim that discovery contradicts. */
export interface AttestationMismatch {
  readonly field: 'machine' | 'substrate';
  readonly claimed: string;
  readonly discovered: string;
  /** What discovery based its answer on. */
  readonly evidence: string;
}

/** Thrown when an identity claims a machine or substrate that discovery does not confirm. */
export class RuntimeIdentityAttestationError extends MxmError {
  readonly mismatches: readonly AttestationMismatch[];

  constructor(mismatches: readonly AttestationMismatch[]) {
    const problems = mismatches.map((m) => ({ path: m.field, message: `claimed '${m.claimed}', discovered '${m.discovered}' (${m.evidence})` }));
    super('IDENTITY_ATTESTATION_FAILED', `Runtime identity claims are not confirmed by discovery:\n${formatProblems(problems)}`, { problems });
    this.mismatches = Object.freeze([...mismatches]);
  }
}

keepClassNames({ RuntimeIdentityError, RuntimeIdentityAttestationError });
