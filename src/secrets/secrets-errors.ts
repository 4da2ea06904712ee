/**
 * Errors of the secrets area. Messages name secrets as `store:name` and principals by role;
 * they never carry a backend path, a secret value, or a backend's own output.
 */
import { MxmError, formatProblems, type Problem, keepClassNames } from '../errors/mxm-error.js';

/** Base of every secrets error. */
export class SecretsError extends MxmError {}

/** The `mxm_secrets` configuration is malformed; lists every problem at once. */
export class SecretsConfigError extends SecretsError {
  constructor(problems: readonly Problem[]) {
    super('SECRETS_CONFIG_INVALID', `Secrets configuration (mxm_secrets) is invalid:\n${formatProblems(problems)}`, { problems });
  }
}

/** No secret of that name is configured. */
export class UnknownSecretError extends SecretsError {
  constructor(name: string, available: readonly string[]) {
    super('SECRET_UNKNOWN', `Unknown secret '${name}'. Configured secrets: ${available.length === 0 ? '(none)' : available.join(', ')}.`);
  }
}

/** A registry lookup of a store or policy that does not exist. */
export class UnknownSecretEntityError extends SecretsError {
  constructor(kind: 'store' | 'policy', name: string, available: readonly string[]) {
    super(kind === 'store' ? 'SECRET_STORE_UNKNOWN' : 'SECRET_POLICY_UNKNOWN', `Unknown secret ${kind} '${name}'. Configured ${kind === 'store' ? 'stores' : 'policies'}: ${available.length === 0 ? '(none)' : available.join(', ')}.`);
  }
}

/** The role cannot act as a principal (it breaks the identifier pattern). */
export class InvalidPrincipalError extends SecretsError {
  constructor(role: string) {
    super('SECRET_PRINCIPAL_INVALID', `Role ${JSON.stringify(role)} cannot be a secrets principal: principals must match ^[a-z][a-z0-9_]*$.`);
  }
}

/** The principal's policy does not allow reading the secret. No backend was called. */
export class SecretAccessDeniedError extends SecretsError {
  constructor(qualifiedName: string, principal: string, policy: string) {
    super('SECRET_ACCESS_DENIED', `Access to secret ${qualifiedName} denied for principal '${principal}' (policy '${policy}' does not allow it).`);
  }
}

/** The backend has no value at the secret's location. */
export class SecretNotFoundError extends SecretsError {
  constructor(qualifiedName: string, backend: string) {
    super('SECRET_NOT_FOUND', `Secret ${qualifiedName} was not found in its ${backend} store.`);
  }
}

/** The backend cannot be used at all (binary missing, store not initialised, …). */
export class SecretBackendUnavailableError extends SecretsError {
  constructor(qualifiedName: string, backend: string, reason: string) {
    super('SECRET_BACKEND_UNAVAILABLE', `Secret ${qualifiedName}: the ${backend} backend is unavailable: ${reason}.`);
  }
}

/** The backend ran and failed (decryption failed, unexpected exit, output too large, …). */
export class SecretBackendFailedError extends SecretsError {
  constructor(qualifiedName: string, backend: string, reason: string) {
    super('SECRET_BACKEND_FAILED', `Secret ${qualifiedName}: the ${backend} backend failed: ${reason}.`);
  }
}

/** The backend did not answer in time; its whole process tree was killed. */
export class SecretTimeoutError extends SecretsError {
  constructor(qualifiedName: string, backend: string, timeoutMs: number) {
    super('SECRET_TIMEOUT', `Secret ${qualifiedName}: the ${backend} backend did not answer within ${timeoutMs} ms and was stopped.`);
  }
}

/** The read was abandoned: the caller's `AbortSignal` fired, or the secrets service was disposed. Its backend process tree was killed. */
export class SecretReadAbortedError extends SecretsError {
  constructor(qualifiedName: string, why: 'aborted by the caller' | 'the secrets service was disposed') {
    super('SECRET_READ_ABORTED', `Secret ${qualifiedName}: the read was abandoned (${why}).`);
  }
}

keepClassNames({ SecretsError, SecretsConfigError, UnknownSecretError, UnknownSecretEntityError, InvalidPrincipalError, SecretAccessDeniedError, SecretNotFoundError, SecretBackendUnavailableError, SecretBackendFailedError, SecretTimeoutError, SecretReadAbortedError });
