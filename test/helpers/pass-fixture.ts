/**
 * A real GnuPG + pass store for one test or benchmark run: a throwaway key in a temporary
 * GNUPGHOME, `pass init`, `pass insert`; `cleanup` kills gpg-agent and removes everything.
 * No jest here: the benchmarks use it too.
 */
import { execFileSync } from 'node:child_process';
import { PassSecretBackend, SecretsApi } from '../../src/index.js';
import { findExecutable } from '../../src/secrets/process-runner.js';
import { tempDir } from './temp-store.js';

/** Whether pass and gpg are installed. */
export const passAvailable = findExecutable('pass') !== undefined && findExecutable('gpg') !== undefined;

/** A pass store made for a test. */
export interface PassStore {
  readonly gnupgHome: string;
  readonly storeDir: string;
  /** `pass insert --multiline` of one entry. */
  insert(path: string, value: string): void;
  /**
   * A SecretsApi over this pass store only: one store `name` rooted at `root`, one policy that
   * lets the `research` role read every ref (name → path), for a research identity.
   */
  secrets(name: string, root: string, refs: Readonly<Record<string, string>>, extra?: Record<string, unknown>): SecretsApi;
  /** Forgets cached passphrases (kills gpg-agent). */
  forgetPassphrases(): void;
  cleanup(): void;
}

/** Makes a GnuPG key (with `passphrase`, or none) and a pass store encrypted to it. */
export function createPassStore(options: { passphrase?: string } = {}): PassStore {
  const home = tempDir({});
  const gnupgHome = `${home.root}/gnupg`;
  const storeDir = `${home.root}/store`;
  const env = { ...process.env, GNUPGHOME: gnupgHome, PASSWORD_STORE_DIR: storeDir };
  const run = (cmd: string, args: string[], input?: string) => execFileSync(cmd, args, { env, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  run('mkdir', ['-m', '700', '-p', gnupgHome]);
  run('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', options.passphrase ?? '', '--quick-gen-key', 'mxm-runtime test <test@mxm.invalid>', 'default', 'default', 'never']);
  const fingerprint = /fpr:::::::::([0-9A-F]+):/.exec(run('gpg', ['--batch', '--with-colons', '--list-secret-keys']))?.[1] as string;
  run('pass', ['init', fingerprint]);
  const store = (root: string, extra: Record<string, unknown> = {}) => ({ backend: 'pass', root, store_dir: storeDir, gnupg_home: gnupgHome, ...extra });
  const forgetPassphrases = () => {
    run('gpgconf', ['--kill', 'gpg-agent']);
  };
  return {
    gnupgHome,
    storeDir,
    insert: (path, value) => void run('pass', ['insert', '--multiline', path], value),
    secrets: (name, root, refs, extra) =>
      SecretsApi.fromConfigData(
        {
          stores: { [name]: store(root, extra) },
          policies: { p: { allowed_principals: ['research'] } },
          refs: Object.fromEntries(Object.entries(refs).map(([ref, path]) => [ref, { store: name, path, policy: 'p' }])),
        },
        { backends: [new PassSecretBackend()], identity: { app: 'test', environment: 'dev', machine: 'm', substrate: 'local-process', role: 'research' } },
      ),
    forgetPassphrases,
    cleanup: () => {
      try {
        forgetPassphrases();
      } finally {
        home.cleanup();
      }
    },
  };
}
