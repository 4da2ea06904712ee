/**
 * The audit hook: every secret access, as who asked for what and what came of it.
 *
 * An event never holds the value or the backend path.
 */

/** One secret access. */
export interface SecretAuditEvent {
  /** The secret's public name. */
  readonly secret: string;
  readonly store: string;
  /** The principal (the identity's role). */
  readonly principal: string;
  readonly decision: 'allowed' | 'denied';
  /** `ok`, `default` (a default was returned), `cached`, or the error code. */
  readonly outcome: string;
  /** Milliseconds from the request to the answer. */
  readonly durationMs: number;
}

/** Receives audit events. It must not throw; if it does, the error is ignored. */
export type SecretAuditSink = (event: SecretAuditEvent) => void;
