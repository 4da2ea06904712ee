/**
 * The secrets service: a public name in, a value out — after authorization, never before.
 *
 * Resolution: ref (by name) → principal (the identity's role) → policy → location → backend.
 * A denied request never reaches a backend. `default` applies to not-found and unavailable only.
 * Values are not cached unless a store opts in with `cache_ttl_seconds`; then the cache key is
 * store, path and principal, and failures are never cached. Owns: that sequence, the mapping of
 * backend failures to public errors, timeouts, and audit events.
 */
import { inspect } from 'node:util';
import type { RuntimeIdentity } from '../identity/runtime-identity.js';
import type { SecretAuditSink } from './audit.js';
import { BackendFailure, type BackendReadiness, type SecretBackend } from './backend.js';
import { identifierProblem } from './names.js';
import { policyAllows, qualifiedName, type SecretPolicy, type SecretRef, type SecretStore } from './models.js';
import { LimiterAbortedError, storeLimiter, type Limiter } from './limiter.js';
import { Redacted } from './redacted.js';
import { Registry } from './registry.js';
import { parseSecretsModel, type SecretsModel } from './secrets-config.js';
import {
  InvalidPrincipalError,
  SecretAccessDeniedError,
  SecretBackendFailedError,
  SecretBackendUnavailableError,
  SecretNotFoundError,
  SecretReadAbortedError,
  SecretTimeoutError,
  SecretsError,
  UnknownSecretEntityError,
  UnknownSecretError,
} from './secrets-errors.js';

/** Reads of one store that may run at once unless the store sets `max_concurrency`. */
export const DEFAULT_STORE_CONCURRENCY = 8;

/** Default time a backend may take for one secret. */
export const DEFAULT_SECRET_TIMEOUT_MS = 10_000;

/** Options of {@link SecretsApi}. */
export interface SecretsApiOptions {
  /** Backends by name; every store's backend must be here. */
  readonly backends: ReadonlyMap<string, SecretBackend> | readonly SecretBackend[];
  /** The identity whose role is the principal when a call names none. */
  readonly identity?: RuntimeIdentity | undefined;
  /** Receives one event per access. */
  readonly audit?: SecretAuditSink | undefined;
  /** The directory relative file roots are read against; default: the working directory. */
  readonly baseDir?: string | undefined;
  /** Clock for durations and cache expiry (tests). */
  readonly now?: (() => number) | undefined;
}

/** Options of one {@link SecretsApi.getSecret} call. */
export interface GetSecretOptions {
  /** Whose role is the principal; default: the service's identity. */
  readonly identity?: RuntimeIdentity | undefined;
  /** Returned when the secret is not found or its backend is unavailable (not when denied). */
  readonly default?: string | undefined;
  /** Abandons the read: waiting stops, the backend's process tree is killed, `SecretReadAbortedError` is thrown. */
  readonly signal?: AbortSignal | undefined;
}

/** One configured secret as `secrets list` shows it. */
export interface SecretListing {
  readonly name: string;
  readonly store: string;
  readonly policy: string;
  /** Whether the principal may read it. */
  readonly allowed: boolean;
}

/** Readiness of one store. */
export interface StoreReadiness extends BackendReadiness {
  readonly store: string;
  readonly backend: string;
}

/**
 * Authorization-aware access to configured secrets.
 *
 * All state is private (`#` fields): spreading the service, `Object.entries`, `structuredClone`, a
 * test framework's equality diff or `inspect(…, {customInspect: false})` reach no cached value, no
 * backend path and no environment. Printed forms show names only.
 */
export class SecretsApi {
  readonly #stores: Registry<SecretStore>;
  readonly #refs: Registry<SecretRef>;
  readonly #policies: Registry<SecretPolicy>;
  readonly #backends: ReadonlyMap<string, SecretBackend>;
  readonly #cache = new Map<string, { readonly value: Redacted; readonly expires: number }>();
  /** Stores whose backend has said it is ready (asked before the first read, as mxm-secrets asks). */
  readonly #readyStores = new Set<string>();
  readonly #now: () => number;
  readonly #options: SecretsApiOptions;
  /**
   * Fires on dispose: every read still running is abandoned. Made by the first read that needs
   * it: an AbortController costs a start a module load, and most contexts read no secret at start.
   */
  #lifetime: AbortController | undefined;
  #disposed = false;

  private constructor(model: SecretsModel, backends: ReadonlyMap<string, SecretBackend>, options: SecretsApiOptions) {
    this.#backends = backends;
    this.#stores = new Registry(model.stores, (n, a) => new UnknownSecretEntityError('store', n, a));
    this.#refs = new Registry(model.refs, (n, a) => new UnknownSecretError(n, a));
    this.#policies = new Registry(model.policies, (n, a) => new UnknownSecretEntityError('policy', n, a));
    this.#now = options.now ?? (() => performance.now());
    this.#options = options;
    Object.freeze(this);
  }

  /** Configured stores by name (a store's `root` is readable but not enumerable). */
  get stores(): Registry<SecretStore> {
    return this.#stores;
  }

  /** Configured secrets by name (a ref's backend `path` is readable but not enumerable). */
  get refs(): Registry<SecretRef> {
    return this.#refs;
  }

  /** Configured policies by name. */
  get policies(): Registry<SecretPolicy> {
    return this.#policies;
  }

  /**
   * Builds the service from the `mxm_secrets` section's data, without a container.
   *
   * @throws {SecretsConfigError} listing every problem in the section: bad names or paths, refs to
   *   missing stores or policies, stores of unknown backends, store options out of range.
   */
  static fromConfigData(data: unknown, options: SecretsApiOptions): SecretsApi {
    const backends = toBackendMap(options.backends);
    return new SecretsApi(parseSecretsModel(data, backends), backends, options);
  }

  /**
   * Builds the service from model objects; they are checked as configuration data is.
   *
   * @throws {SecretsConfigError} as {@link SecretsApi.fromConfigData} does.
   */
  static fromModel(model: SecretsModel, options: SecretsApiOptions): SecretsApi {
    return SecretsApi.fromConfigData(modelToData(model), options);
  }

  /** Names of every configured secret, sorted. */
  names(): string[] {
    return this.#refs.names();
  }

  /**
   * Whether the identity's role may read the secret. Calls no backend.
   * @throws {UnknownSecretError} when no secret has that name.
   */
  canRead(name: string, identity?: RuntimeIdentity): boolean {
    const ref = this.#refs.get(name);
    const principal = this.#principalOf(identity);
    return policyAllows(this.#policies.get(ref.policy), principal);
  }

  /** Every secret with its store, policy and whether the principal may read it. Calls no backend. */
  list(identity?: RuntimeIdentity): SecretListing[] {
    const principal = this.#principalOf(identity);
    return this.#refs.all().map((ref) => ({
      name: ref.name,
      store: ref.store,
      policy: ref.policy,
      allowed: policyAllows(this.#policies.get(ref.policy), principal),
    }));
  }

  /**
   * Reads a secret by its public name.
   *
   * @throws {UnknownSecretError} no such secret.
   * @throws {InvalidPrincipalError} the role is not a valid principal.
   * @throws {SecretAccessDeniedError} the policy does not allow the role (no backend was called).
   * @throws {SecretNotFoundError} / {SecretBackendUnavailableError} unless `default` is given.
   * @throws {SecretBackendFailedError} / {SecretTimeoutError} always.
   * @throws {SecretReadAbortedError} when `signal` fires or the service is disposed before the read ends.
   */
  async getSecret(name: string, options: GetSecretOptions = {}): Promise<string> {
    const started = this.#now();
    const ref = this.#refs.get(name);
    const principal = this.#principalOf(options.identity);
    const policy = this.#policies.get(ref.policy);
    const audit = (decision: 'allowed' | 'denied', outcome: string): void => {
      this.#emit({ secret: ref.name, store: ref.store, principal, decision, outcome, durationMs: this.#now() - started });
    };
    if (!policyAllows(policy, principal)) {
      audit('denied', 'SECRET_ACCESS_DENIED');
      throw new SecretAccessDeniedError(qualifiedName(ref), principal, policy.name);
    }
    const store = this.#stores.get(ref.store);
    const ttlMs = typeof store.options['cache_ttl_seconds'] === 'number' ? store.options['cache_ttl_seconds'] * 1000 : 0;
    const cacheKey = `${store.name}\u0000${ref.path}\u0000${principal}`;
    if (ttlMs > 0) {
      const hit = this.#cache.get(cacheKey);
      if (hit !== undefined && hit.expires > this.#now()) {
        audit('allowed', 'cached');
        return hit.value.reveal();
      }
    }
    const lifetime = this.#lifetimeSignal();
    const signal = options.signal === undefined ? lifetime : AbortSignal.any([options.signal, lifetime]);
    try {
      if (signal.aborted) throw this.#abandoned(ref);
      const value = await this.#limiterOf(store).run(() => this.#retrieve(ref, store, signal), signal);
      if (ttlMs > 0) this.#cache.set(cacheKey, { value: Redacted.of(value), expires: this.#now() + ttlMs });
      audit('allowed', 'ok');
      return value;
    } catch (caught) {
      const error = caught instanceof LimiterAbortedError ? this.#abandoned(ref) : caught;
      const code = error instanceof SecretsError ? error.code : 'SECRET_BACKEND_FAILED';
      if (options.default !== undefined && (code === 'SECRET_NOT_FOUND' || code === 'SECRET_BACKEND_UNAVAILABLE')) {
        audit('allowed', 'default');
        return options.default;
      }
      audit('allowed', code);
      throw error;
    }
  }

  /** Like {@link getSecret}, wrapped so it prints as `<redacted>`. Throws as getSecret does. */
  async getRedacted(name: string, options: GetSecretOptions = {}): Promise<Redacted> {
    return Redacted.of(await this.getSecret(name, options));
  }

  /**
   * Abandons every read still running (their backend processes are killed) and refuses new ones.
   * The context calls it on `dispose()`. Idempotent.
   */
  dispose(): void {
    this.#disposed = true;
    this.#lifetime?.abort();
    this.#cache.clear();
  }

  #lifetimeSignal(): AbortSignal {
    this.#lifetime ??= new AbortController();
    if (this.#disposed) this.#lifetime.abort();
    return this.#lifetime.signal;
  }

  /** Readiness of every store's backend, sorted by store. Never throws. */
  async checkReady(): Promise<StoreReadiness[]> {
    return Promise.all(
      this.#stores.all().map(async (store) => {
        const backend = this.#backends.get(store.backend) as SecretBackend;
        let readiness: BackendReadiness;
        try {
          // Disposing the service ends a check still running (gopass ls) with it.
          readiness = await backend.checkReady({ name: store.name, root: store.root, options: store.options, baseDir: this.#baseDir }, { signal: this.#lifetimeSignal() });
        } catch {
          readiness = { ready: false, reason: 'readiness check failed' };
        }
        return { store: store.name, backend: store.backend, ...readiness };
      }),
    );
  }

  /** A summary without paths or values: what JSON and inspect show. */
  toJSON(): unknown {
    return {
      secrets: this.#refs.all().map((r) => ({ name: r.name, store: r.store, policy: r.policy })),
      stores: this.#stores.all().map((s) => ({ name: s.name, backend: s.backend })),
      policies: this.#policies.all().map((p) => ({ name: p.name, allowedPrincipals: p.allowedPrincipals })),
    };
  }

  /** @internal */
  [inspect.custom](): string {
    return `SecretsApi ${inspect(this.toJSON(), { depth: 3 })}`;
  }

  get #baseDir(): string {
    return this.#options.baseDir ?? process.cwd();
  }

  #principalOf(identity: RuntimeIdentity | undefined): string {
    const role = (identity ?? this.#options.identity)?.role;
    if (role === undefined) throw new InvalidPrincipalError('(no identity given)');
    if (identifierProblem(role) !== undefined) throw new InvalidPrincipalError(role);
    return role;
  }

  #limiterOf(store: SecretStore): Limiter {
    const limit = typeof store.options['max_concurrency'] === 'number' ? store.options['max_concurrency'] : DEFAULT_STORE_CONCURRENCY;
    return storeLimiter(store.backend, store.root, limit);
  }

  #abandoned(ref: SecretRef): SecretReadAbortedError {
    return new SecretReadAbortedError(qualifiedName(ref), this.#disposed ? 'the secrets service was disposed' : 'aborted by the caller');
  }

  async #retrieve(ref: SecretRef, store: SecretStore, signal: AbortSignal): Promise<string> {
    const backend = this.#backends.get(store.backend) as SecretBackend;
    const timeoutMs = typeof store.options['timeout_ms'] === 'number' ? store.options['timeout_ms'] : DEFAULT_SECRET_TIMEOUT_MS;
    const name = qualifiedName(ref);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    // A backend that ignores its limits still cannot hold the caller: the deadline and the signal settle the read.
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BackendFailure('timeout', 'deadline passed')), timeoutMs + 1000);
      onAbort = () => reject(new BackendFailure('aborted', 'abandoned'));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      // As mxm-secrets asks its backend whether it is available before reading (`gopass ls`): a
      // store that reports not ready is unavailable, not read anyway. Asked until it says ready.
      if (!this.#readyStores.has(store.name)) {
        const readiness = await Promise.race([backend.checkReady({ name: store.name, root: store.root, options: store.options, baseDir: this.#baseDir }, { signal }), stop]);
        // Readiness reasons name no path or value (`secrets check` prints them too).
        if (!readiness.ready) throw new BackendFailure('unavailable', readiness.reason ?? 'the backend reports it is not ready');
        this.#readyStores.add(store.name);
      }
      const location = { store: store.name, root: store.root, path: ref.path, options: store.options, baseDir: this.#baseDir };
      return await Promise.race([backend.read(location, { timeoutMs, signal }), stop]);
    } catch (error) {
      if (!(error instanceof BackendFailure)) throw new SecretBackendFailedError(name, store.backend, 'unexpected error in the backend');
      switch (error.kind) {
        case 'not_found':
          throw new SecretNotFoundError(name, store.backend);
        case 'unavailable':
          throw new SecretBackendUnavailableError(name, store.backend, error.reason);
        case 'timeout':
          throw new SecretTimeoutError(name, store.backend, timeoutMs);
        case 'aborted':
          throw this.#abandoned(ref);
        default:
          throw new SecretBackendFailedError(name, store.backend, error.reason);
      }
    } finally {
      clearTimeout(timer);
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
    }
  }

  #emit(event: Parameters<SecretAuditSink>[0]): void {
    try {
      this.#options.audit?.(Object.freeze(event));
    } catch {
      // An audit sink must not change the outcome of an access.
    }
  }
}

function toBackendMap(backends: SecretsApiOptions['backends']): ReadonlyMap<string, SecretBackend> {
  if (backends instanceof Map) return backends;
  return new Map((backends as readonly SecretBackend[]).map((b) => [b.name, b]));
}

function modelToData(model: SecretsModel): unknown {
  return {
    stores: Object.fromEntries(model.stores.map((s) => [s.name, { ...s.options, backend: s.backend, root: s.root }])),
    refs: Object.fromEntries(model.refs.map((r) => [r.name, { store: r.store, path: r.path, policy: r.policy }])),
    policies: Object.fromEntries(model.policies.map((p) => [p.name, { allowed_principals: [...p.allowedPrincipals] }])),
  };
}
