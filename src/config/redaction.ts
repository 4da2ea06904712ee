/**
 * The placeholder every printed form shows instead of a sensitive value. Which values are
 * sensitive, and the redacted copies, live in sensitivity.ts.
 */

/** What a redacted value prints as. */
export const REDACTED = '<redacted>';
