/**
 * The pass backend: password-store with GnuPG. Runs `pass show -- <root/path>`. Options:
 * `store_dir` (PASSWORD_STORE_DIR) and `gnupg_home` (GNUPGHOME).
 */
import { statSync } from 'node:fs';
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

  protected override folderProblem(entry: string, options: Readonly<Record<string, unknown>>): string | undefined {
    const dir = storeDirOf(options);
    // pass shows `<entry>.gpg` when it exists, else lists the folder `<entry>/`: refuse the listing before it is made.
    if (isFile(join(dir, `${entry}.gpg`))) return undefined;
    return isDirectory(join(dir, entry)) ? 'the path names a folder of entries, not a secret' : undefined;
  }

  protected failureOf(code: number, stderr: string): BackendFailure {
    if (code === 1 && /is not in the password store/.test(stderr)) return new BackendFailure('not_found', 'not in the password store');
    if (AGENT_BUSY.test(stderr)) return new BackendFailure('unavailable', 'gpg-agent is busy or unreachable');
    if (/decryption failed|No secret key|Inappropriate ioctl|pinentry|No pinentry/i.test(stderr)) return new BackendFailure('failed', 'GnuPG could not decrypt the entry (no usable key or passphrase)');
    return new BackendFailure('failed', `pass exited with code ${code}`);
  }

  protected async storeReadiness(store: StoreDescriptor, _signal: AbortSignal | undefined): Promise<BackendReadiness> {
    const dir = storeDirOf(store.options);
    return CommandSecretBackend.initialised(dir) ? { ready: true } : { ready: false, reason: 'the password store is not initialised (no .gpg-id; run pass init)' };
  }
}

/** What GnuPG prints when its agent cannot take the request now: the read is retried once, then reported as unavailable. */
export const AGENT_BUSY = /can't connect to the agent|agent_genkey|Resource temporarily unavailable|Cannot allocate memory|Too many open files|problem with the agent: (?:Timeout|Connection refused|End of file)|No agent running/i;

function storeDirOf(options: Readonly<Record<string, unknown>>): string {
  return typeof options['store_dir'] === 'string' ? options['store_dir'] : (process.env['PASSWORD_STORE_DIR'] ?? join(homedir(), '.password-store'));
}

const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() === true;
const isDirectory = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
