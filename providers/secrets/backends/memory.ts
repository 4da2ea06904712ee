/**
 * The memory backend: values held in the process, keyed by `root/path`. For tests and examples.
 */
import { BackendFailure, type BackendReadiness, type SecretBackend, type SecretLocation } from '../../../src/secrets/backend.js';

/** Secrets held in memory. */
export class MemorySecretBackend implements SecretBackend {
  readonly name = 'memory';
  // Private (#): spreading, cloning or diffing the backend must not reach a value.
  readonly #values: ReadonlyMap<string, string>;

  /** @param values - `root/path` → value. */
  constructor(values: Readonly<Record<string, string>> = {}) {
    this.#values = new Map(Object.entries(values));
  }

  async read(location: SecretLocation): Promise<string> {
    const value = this.#values.get(`${location.root}/${location.path}`);
    if (value === undefined) throw new BackendFailure('not_found', 'no such entry');
    return value;
  }

  async checkReady(): Promise<BackendReadiness> {
    return { ready: true };
  }

  toJSON(): unknown {
    return { backend: this.name, entries: this.#values.size };
  }
}
