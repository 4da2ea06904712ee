/**
 * The secrets model: stores, refs and policies, frozen and validated on construction.
 *
 * Owns: their shapes and how a store joins its root with a path. Does not own: parsing them from
 * configuration (secrets-config.ts) or authorization (secrets-api.ts).
 */

/** A configured secret store: a backend and where in it this store's secrets live. */
export interface SecretStore {
  readonly name: string;
  readonly backend: string;
  readonly root: string;
  /** Backend options and store settings (`timeout_ms`, `cache_ttl_seconds`, …). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A secret's public name, its store, its path in the store and the policy that governs it. */
export interface SecretRef {
  readonly name: string;
  readonly store: string;
  readonly path: string;
  readonly policy: string;
}

/** Which principals may read the secrets that name this policy. */
export interface SecretPolicy {
  readonly name: string;
  readonly allowedPrincipals: readonly string[];
}

/** `store:name`, how errors and audit lines name a secret without revealing its path. */
export function qualifiedName(ref: SecretRef): string {
  return `${ref.store}:${ref.name}`;
}

/** Whether a policy allows a principal. */
export function policyAllows(policy: SecretPolicy, principal: string): boolean {
  return policy.allowedPrincipals.includes(principal);
}
