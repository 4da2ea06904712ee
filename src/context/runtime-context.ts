/**
 * The RuntimeContext facade: one object through which an application reaches its services.
 *
 * Each property resolves its service once; reading it again returns the cached instance.
 * `dispose()` runs the container's deactivations; any use afterwards is a clear error.
 * Owns: the facade. Does not own: building it (build-runtime-context.ts).
 */
import { inspect } from 'node:util';
import type { Container, Newable, ServiceIdentifier } from 'inversify';
import type { UntypedConfig } from '../config/config-paths.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { ContextDisposedError } from '../container/container-errors.js';
import type { BindingManifest } from '../container/manifest.js';
import { resolveService } from '../container/resolve.js';
import type { DatabasesApi, RuntimePaths } from '../container/services.js';
import { buildSnapshot, type RuntimeSnapshot } from '../container/snapshot.js';
import { serviceName, type Token } from '../container/token.js';
import { DATABASES, PATHS, SECRETS } from '../container/tokens.js';
import type { Discovered } from '../discovery/evidence.js';
import type { RuntimeMetadata } from '../discovery/runtime-metadata.js';
import { identityKey, type IdentityField, type RuntimeIdentity } from '../identity/runtime-identity.js';
import type { SecretsApi } from '../secrets/secrets-api.js';

/** What the builder hands the facade. */
export interface RuntimeContextParts {
  readonly container: Container;
  readonly manifest: BindingManifest;
  readonly identity: RuntimeIdentity;
  readonly evidence: Readonly<Record<IdentityField, Discovered>>;
  readonly config: ResolvedConfig;
  readonly metadata: RuntimeMetadata;
  readonly storeRoot: string;
}

/**
 * The operational environment of one process. `C` types `config` when the context was built with
 * a schema (`buildRuntimeContext({ schema })`).
 */
export class RuntimeContext<C = UntypedConfig> {
  readonly #parts: RuntimeContextParts;
  #disposed = false;
  #secrets: SecretsApi | undefined;
  #paths: RuntimePaths | undefined;
  #databases: DatabasesApi | undefined;

  /** @internal Use `buildRuntimeContext`. */
  constructor(parts: RuntimeContextParts) {
    this.#parts = parts;
  }

  /** Who this process is. */
  get identity(): RuntimeIdentity {
    this.#live('identity');
    return this.#parts.identity;
  }

  /** `app/environment/machine/substrate/role`. */
  get key(): string {
    return identityKey(this.identity);
  }

  /** Why machine, substrate and the other fields are what they are. */
  get evidence(): Readonly<Record<IdentityField, Discovered>> {
    this.#live('evidence');
    return this.#parts.evidence;
  }

  /** The resolved, frozen configuration; typed by the schema the context was built with. */
  get config(): ResolvedConfig<C> {
    this.#live('config');
    // The schema the context was validated against is what C describes.
    return this.#parts.config as unknown as ResolvedConfig<C>;
  }

  /** Facts about the execution environment. */
  get metadata(): RuntimeMetadata {
    this.#live('metadata');
    return this.#parts.metadata;
  }

  /**
   * The secrets service.
   * @throws {ContainerResolutionError} when no module binds SECRETS.
   */
  get secrets(): SecretsApi {
    this.#live('secrets');
    return (this.#secrets ??= resolveService(this.#parts.container, SECRETS, this.#parts.manifest));
  }

  /**
   * Data, artifact, export and log roots.
   * @throws {ContainerResolutionError} when no module binds PATHS.
   */
  get paths(): RuntimePaths {
    this.#live('paths');
    return (this.#paths ??= resolveService(this.#parts.container, PATHS, this.#parts.manifest));
  }

  /**
   * Named database settings and credentials.
   * @throws {ContainerResolutionError} when no module binds DATABASES.
   */
  get databases(): DatabasesApi {
    this.#live('databases');
    return (this.#databases ??= resolveService(this.#parts.container, DATABASES, this.#parts.manifest));
  }

  /** The Inversify container behind the facade, for advanced use. */
  get container(): Container {
    this.#live('container');
    return this.#parts.container;
  }

  /**
   * Resolves a service by token, or an `@injectable()` class (bound automatically).
   *
   * @throws {ContainerResolutionError} for an unbound token or a circular dependency, with the path of tokens.
   * @throws {ContextDisposedError} after `dispose()`.
   */
  get<T>(token: Token<T> | Newable<T> | ServiceIdentifier<T>): T {
    // The name is only worked out for the error: get() sits on hot paths.
    if (this.#disposed) throw new ContextDisposedError(serviceName(token));
    return resolveService(this.#parts.container, token, this.#parts.manifest);
  }

  /** A stable, serialisable description of this context: identity, config (redacted), layers, modules, bindings. */
  snapshot(): RuntimeSnapshot {
    this.#live('snapshot');
    return buildSnapshot({
      identity: this.#parts.identity,
      config: this.#parts.config,
      modules: this.#parts.manifest.modules,
      bindings: this.#parts.manifest.records(),
      storeRoot: this.#parts.storeRoot,
    });
  }

  /** Runs deactivations and releases the container. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#parts.container.unbindAllAsync();
  }

  /** Whether {@link dispose} has run. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** A summary: the key and the bound tokens; never config values or secrets. */
  toJSON(): unknown {
    return { key: identityKey(this.#parts.identity), disposed: this.#disposed, bindings: this.#parts.manifest.records().map((r) => r.token) };
  }

  /** @internal */
  [inspect.custom](): string {
    return `RuntimeContext ${inspect(this.toJSON())}`;
  }

  #live(what: string): void {
    if (this.#disposed) throw new ContextDisposedError(what);
  }
}
