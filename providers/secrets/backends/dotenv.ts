/**
 * The dotenv backend: the store root is a .env file; the path is a variable in it. The file is
 * read (with dotenv's parser) on each access — values are not cached — and never loaded into
 * `process.env`.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { BackendFailure, type BackendReadiness, type SecretBackend, type SecretLocation, type StoreDescriptor } from '../../../src/secrets/backend.js';

/** Secrets from a .env file. */
export class DotenvSecretBackend implements SecretBackend {
  readonly name = 'dotenv';

  async read(location: SecretLocation): Promise<string> {
    let text: Buffer;
    try {
      text = await readFile(resolve(location.baseDir, location.root));
    } catch {
      throw new BackendFailure('unavailable', 'the .env file cannot be read');
    }
    const values = parse(text);
    if (!Object.prototype.hasOwnProperty.call(values, location.path)) throw new BackendFailure('not_found', 'no such variable');
    return values[location.path] as string;
  }

  async checkReady(store: StoreDescriptor): Promise<BackendReadiness> {
    try {
      return (await stat(resolve(store.baseDir, store.root))).isFile() ? { ready: true } : { ready: false, reason: 'the store root is not a file' };
    } catch {
      return { ready: false, reason: 'the .env file does not exist' };
    }
  }

  validateStore(store: StoreDescriptor): string[] {
    return store.root.trim() === '' ? ['root must name a .env file (absolute, or relative to the config store root)'] : [];
  }
}
