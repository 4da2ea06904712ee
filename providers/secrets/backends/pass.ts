/**
 * The pass backend: password-store with GnuPG. Runs `pass show -- <root/path>`. Options:
 * `store_dir` (PASSWORD_STORE_DIR) and `gnupg_home` (GNUPGHOME).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BackendFailure, type BackendReadiness, type StoreDescriptor } from '../../../src/secrets/backend.js';
import { CommandSecretBackend } from './command-backend.js';

/** Secrets from pass. */
export class PassSecretBackend extends CommandSecretBackend {
  readonly name = 'pass';
  protected readonly program = 'pass';

  protected showArgs(entry: string): string[] {
    return ['show', '--', entry];
  }

  protected programEnv(options: Readonly<Record<string, unknown>>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (typeof options['store_dir'] === 'string') env['PASSWORD_STORE_DIR'] = options['store_dir'];
    if (typeof options['gnupg_home'] === 'string') env['GNUPGHOME'] = options['gnupg_home'];
    // No terminal to ask for a passphrase on: fail rather than wait.
    delete env['GPG_TTY'];
    return env;
  }

  protected failureOf(code: number, stderr: string): BackendFailure {
    if (code === 1 && /is not in the password store/.test(stderr)) return new BackendFailure('not_found', 'not in the password store');
    if (/decryption failed|No secret key|Inappropriate ioctl|pinentry|No pinentry/i.test(stderr)) return new BackendFailure('failed', 'GnuPG could not decrypt the entry (no usable key or passphrase)');
    return new BackendFailure('failed', `pass exited with code ${code}`);
  }

  protected async storeReadiness(store: StoreDescriptor): Promise<BackendReadiness> {
    const dir = typeof store.options['store_dir'] === 'string' ? store.options['store_dir'] : (process.env['PASSWORD_STORE_DIR'] ?? join(homedir(), '.password-store'));
    return CommandSecretBackend.initialised(dir) ? { ready: true } : { ready: false, reason: 'the password store is not initialised (no .gpg-id; run pass init)' };
  }
}
