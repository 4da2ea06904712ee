/**
 * The file backend: the store root is a directory (e.g. /run/secrets for Docker and Kubernetes);
 * a secret is the file at root/path, one trailing newline trimmed. A symlink that leaves the root
 * is refused.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { BackendFailure, trimOneNewline, type BackendReadiness, type SecretBackend, type SecretLocation, type StoreDescriptor } from '../../../src/secrets/backend.js';

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
    try {
      return trimOneNewline(await readFile(target, 'utf8'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EISDIR') throw new BackendFailure('not_found', 'a directory, not a secret');
      throw new BackendFailure('failed', `cannot read the file (${code ?? 'error'})`);
    }
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
