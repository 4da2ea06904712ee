/**
 * The file backend: the store root is a directory (e.g. /run/secrets for Docker and Kubernetes);
 * a secret is the file at root/path, one trailing newline trimmed. A symlink that leaves the root
 * is refused.
 */
import { realpath, stat } from '../../../src/files/async-fs.js';
import { join, resolve, sep } from 'node:path';
import { FileReadError, readRegularFile } from '../../../src/files/read-regular-file.js';
import {
  BackendFailure,
  maxSecretBytes,
  secretText,
  trimOneNewline,
  type BackendReadiness,
  type SecretBackend,
  type SecretLocation,
  type StoreDescriptor,
} from '../../../src/secrets/backend.js';

/** Secrets from files under a directory. */
export class FileSecretBackend implements SecretBackend {
  readonly name = 'file';

  async read(location: SecretLocation): Promise<string> {
    let root: string;
    let target: string;
    try {
      root = await realpath(resolve(location.baseDir, location.root));
    } catch {
      throw new BackendFailure('unavailable', 'the store directory does not exist');
    }
    try {
      target = await realpath(join(root, location.path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new BackendFailure('not_found', 'no such file');
      if (code === 'ELOOP') throw new BackendFailure('failed', 'symlink loop');
      throw new BackendFailure('failed', `cannot resolve the file (${code ?? 'error'})`);
    }
    if (target !== root && !target.startsWith(root + sep)) throw new BackendFailure('failed', 'the file is a symlink that leaves the store directory');
    return trimOneNewline(secretText(await readSecretFile(target, maxSecretBytes(location.options))));
  }

  async checkReady(store: StoreDescriptor): Promise<BackendReadiness> {
    try {
      const s = await stat(resolve(store.baseDir, store.root));
      return s.isDirectory() ? { ready: true } : { ready: false, reason: 'the store root is not a directory' };
    } catch {
      return { ready: false, reason: 'the store directory does not exist' };
    }
  }

  validateStore(store: StoreDescriptor): string[] {
    return store.root.trim() === '' ? ['root must name a directory (absolute, or relative to the config store root)'] : [];
  }
}

/**
 * Reads a secret file (or a dotenv store) within its store's size cap: regular files only, so a
 * FIFO or device in the store is refused rather than read forever.
 *
 * @throws {BackendFailure} `not_found` for a directory or an absent file, `failed` for anything
 *   else (permission denied, not a regular file, over the cap, changing while read); the reason
 *   names no path.
 */
export async function readSecretFile(path: string, maxBytes: number): Promise<Buffer> {
  try {
    return await readRegularFile(path, maxBytes);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    if (error.reason === 'directory') throw new BackendFailure('not_found', 'a directory, not a secret');
    if (error.reason === 'not-found') throw new BackendFailure('not_found', 'no such file');
    throw new BackendFailure('failed', `the file ${error.description}`);
  }
}
