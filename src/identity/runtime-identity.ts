/**
 * The runtime identity: who this process is and where it runs.
 *
 * Owns: the shape of an identity and the key it is filed under.
 * Does not own: discovery of machine or substrate (src/discovery) or validation (validate.ts).
 */

/** The five fields that select configuration and services, in layer order after `app`. */
export const IDENTITY_FIELDS = ['app', 'environment', 'machine', 'substrate', 'role'] as const;

/** One of the identity's field names. */
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** The operational identity of a running process. Always frozen. */
export interface RuntimeIdentity {
  /** The application, e.g. `mxm-moneymachine`; selects `<store>/apps/<app>/`. */
  readonly app: string;
  /** The environment, e.g. `dev` or `prod`. */
  readonly environment: string;
  /** The machine selector, e.g. `bridge`; a configuration profile, not a hardware id. */
  readonly machine: string;
  /** The execution substrate: `local-process`, `docker`, `podman`, `kubernetes`, `container`, … */
  readonly substrate: string;
  /** The role of the process; it is also the principal for secret access. */
  readonly role: string;
}

/**
 * The key an identity is filed under: `app/environment/machine/substrate/role`.
 * Fields never contain `/` (validation rejects it), so the key is unambiguous.
 */
export function identityKey(identity: RuntimeIdentity): string {
  return IDENTITY_FIELDS.map((field) => identity[field]).join('/');
}
