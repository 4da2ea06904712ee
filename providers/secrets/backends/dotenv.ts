/**
 * The dotenv backend: the store root is a .env file; the path is a variable in it. The file is
 * read (with dotenv's parser) on each access — values are not cached — and never loaded into
 * `process.env`.
 */
import { stat } from '../../../src/files/async-fs.js';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { BackendFailure, maxSecretBytes, secretText, type BackendReadiness, type SecretBackend, type SecretLocation, type StoreDescriptor } from '../../../src/secrets/backend.js';
import { readSecretFile } from './file.js';

/** Secrets from a .env file. */
export class DotenvSecretBackend implements SecretBackend {
  readonly name = 'dotenv';

  async read(location: SecretLocation): Promise<string> {
    let bytes: Buffer;
    try {
      bytes = await readSecretFile(resolve(location.baseDir, location.root), maxSecretBytes(location.options));
    } catch (error) {
      // The store's file itself is missing or unreadable: the store is unavailable, not the secret absent.
      throw error instanceof BackendFailure ? new BackendFailure('unavailable', `the .env file: ${error.reason}`) : error;
    }
    const values = parse(secretText(bytes));
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
