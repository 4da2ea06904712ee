/**
 * Shape validation of a runtime identity.
 *
 * Owns: the rules every field must satisfy. Does not own: which values are allowed for a field —
 * that is the config store's business (a missing selector is reported there, with the available ones).
 */
import type { Problem } from '../errors/mxm-error.js';
import { RuntimeIdentityError } from './identity-errors.js';
import { IDENTITY_FIELDS, type IdentityField, type RuntimeIdentity } from './runtime-identity.js';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Returns what is wrong with one field's value, or undefined when it is fine. */
export function identityFieldProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${value === undefined ? 'nothing' : typeof value}`;
  if (value.length === 0) return 'must not be empty';
  if (value.trim().length === 0) return 'must not be only whitespace';
  if (value.trim() !== value) return `must not have surrounding whitespace: ${JSON.stringify(value)}`;
  if (CONTROL_CHARACTERS.test(value)) return `must not contain control characters: ${JSON.stringify(value)}`;
  if (value.includes('/')) return `must not contain '/': ${JSON.stringify(value)}`;
  if (value === '.' || value === '..') return `must not be '${value}'`;
  return undefined;
}

/**
 * Checks every identity field: a non-empty string, no surrounding whitespace, no `/`, no control characters.
 *
 * @throws {RuntimeIdentityError} naming every bad field at once (code `IDENTITY_INVALID`).
 */
export function validateRuntimeIdentityShape(identity: Readonly<Partial<Record<IdentityField, unknown>>>): asserts identity is RuntimeIdentity {
  const problems: Problem[] = [];
  for (const field of IDENTITY_FIELDS) {
    const problem = identityFieldProblem(identity[field]);
    if (problem !== undefined) problems.push({ path: field, message: problem });
  }
  if (problems.length > 0) throw new RuntimeIdentityError(problems);
}
