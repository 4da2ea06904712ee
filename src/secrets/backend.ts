/**
 * The contract between the secrets service and a backend (pass, gopass, env, file, …).
 *
 * A backend is told a location (store root, path inside it, store options) only after
 * authorization succeeded. It answers with the value or throws a {@link BackendFailure} whose
 * reason never contains the location, the value or the backend's own output: the secrets service
 * turns it into a public error naming the secret.
 */
import { strictUtf8 } from '../files/strict-utf8.js';
import { keepClassNames } from '../errors/mxm-error.js';

/** Where a secret lives, as its store says. */
export interface SecretLocation {
  readonly store: string;
  readonly root: string;
  /** The path inside the store; already checked against traversal and injection. */
  readonly path: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** The directory relative file roots are read against (the config store root). */
  readonly baseDir: string;
}

/** A store as a backend sees it, for readiness and option checks. */
export interface StoreDescriptor {
  readonly name: string;
  readonly root: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** The directory relative file roots are read against (the config store root). */
  readonly baseDir: string;
}

/** Whether a store can serve secrets now. */
export interface BackendReadiness {
  readonly ready: boolean;
  /** Why not (or a short note when ready); never a secret value. */
  readonly reason?: string | undefined;
}

/** What a backend may report instead of a value. */
export type BackendFailureKind = 'not_found' | 'unavailable' | 'failed' | 'timeout' | 'aborted';

/** What limits one read. */
export interface ReadLimits {
  readonly timeoutMs: number;
  /** Fires when the read is abandoned (the caller aborted, or the service was disposed): stop, and end any process started. */
  readonly signal?: AbortSignal | undefined;
}

/** Thrown by backends; the secrets service maps it to a typed public error. */
export class BackendFailure extends Error {
  constructor(
    readonly kind: BackendFailureKind,
    /** Safe to show: no path, no value, no backend output. */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'BackendFailure';
  }
}

/** A secret backend. */
export interface SecretBackend {
  /** The backend name stores refer to (`backend: pass`). */
  readonly name: string;
  /**
   * Reads one secret.
   * @throws {BackendFailure} for not found, unavailable, failed or timed out.
   */
  read(location: SecretLocation, limits: ReadLimits): Promise<string>;
  /**
   * Whether the store is ready (binary present, store initialised, directory readable …). Never
   * throws. A check that runs a program ends it when `options.signal` fires (a read abandoned, a
   * context disposed): no backend process outlives its asker.
   */
  checkReady(store: StoreDescriptor, options?: { readonly signal?: AbortSignal | undefined }): Promise<BackendReadiness>;
  /** Problems with a store's root or options, reported when the context is built. */
  validateStore?(store: StoreDescriptor): readonly string[];
}

/** Largest value (or file) a backend reads for one secret unless its store sets `max_output_bytes`. */
export const DEFAULT_MAX_SECRET_BYTES = 1024 * 1024;

/** The size cap of a store: its `max_output_bytes` (checked when the context is built), else the default. */
export function maxSecretBytes(options: Readonly<Record<string, unknown>>): number {
  const value = options['max_output_bytes'];
  return typeof value === 'number' ? value : DEFAULT_MAX_SECRET_BYTES;
}

/**
 * A secret's bytes as text. Values that are not valid UTF-8 are refused rather than silently
 * changed into U+FFFD: a mangled password fails later and obscurely.
 *
 * @throws {BackendFailure} `failed` for bytes that are not UTF-8.
 */
export function secretText(bytes: Uint8Array): string {
  const text = strictUtf8(bytes);
  if (text === undefined) throw new BackendFailure('failed', 'the value is not valid UTF-8 text (binary secrets are not supported; store them base64-encoded)');
  return text;
}

/** Trims exactly one trailing newline (`\n` or `\r\n`): multi-line values keep their inner lines. */
export function trimOneNewline(value: string): string {
  if (value.endsWith('\r\n')) return value.slice(0, -2);
  if (value.endsWith('\n')) return value.slice(0, -1);
  return value;
}

keepClassNames({ BackendFailure });
