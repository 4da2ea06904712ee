/**
 * The env backend: the store root is a variable-name prefix; the path becomes the rest of the name,
 * upper-cased with `/` and `-` as `_` (mxm-secrets' rule): root `MXM_`, path `db/password` → `MXM_DB_PASSWORD`.
 */
import { BackendFailure, type BackendReadiness, type SecretBackend, type SecretLocation, type StoreDescriptor } from '../../../src/secrets/backend.js';

/** The variable name a location maps to. */
export function envVariableName(root: string, path: string): string {
  return `${root}${path}`.toUpperCase().replace(/[-/.]/g, '_');
}

/** Secrets from environment variables. */
export class EnvSecretBackend implements SecretBackend {
  readonly name = 'env';

  // Private (#): no copy of (or handle on) the environment is reachable from the backend object.
  readonly #env: Readonly<Record<string, string | undefined>>;

  constructor(env: Readonly<Record<string, string | undefined>> = process.env) {
    this.#env = env;
  }

  async read(location: SecretLocation): Promise<string> {
    const value = this.#env[envVariableName(location.root, location.path)];
    if (value === undefined) throw new BackendFailure('not_found', 'variable not set');
    return value;
  }

  async checkReady(): Promise<BackendReadiness> {
    return { ready: true, reason: 'reads the process environment' };
  }

  validateStore(store: StoreDescriptor): string[] {
    return /^[A-Za-z_][A-Za-z0-9_]*$|^$/.test(store.root) ? [] : ['root must be a variable-name prefix (letters, digits, _)'];
  }
}
