/**
 * The pass backend against a real GnuPG + pass store made for this run: a throwaway key without
 * passphrase in a temporary GNUPGHOME, `pass init`, `pass insert`; gpg-agent killed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PassSecretBackend, SecretsApi } from '../../src/index.js';
import { findExecutable } from '../../src/secrets/process-runner.js';
import { tempDir } from '../helpers/temp-store.js';

const available = findExecutable('pass') !== undefined && findExecutable('gpg') !== undefined;
if (!available) {
  if (process.env['CI'] === 'true') throw new Error('pass and gnupg must be installed under CI (.ci/run installs them)');
  console.warn('\n*** pass or gpg is not installed: the real pass backend tests are SKIPPED on this machine ***\n');
}
const maybe = available ? describe : describe.skip;

maybe('pass backend (real GnuPG + pass)', () => {
  const home = tempDir({});
  const gnupgHome = `${home.root}/gnupg`;
  const storeDir = `${home.root}/store`;
  const env = { ...process.env, GNUPGHOME: gnupgHome, PASSWORD_STORE_DIR: storeDir };
  const run = (cmd: string, args: string[], input?: string) => execFileSync(cmd, args, { env, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  let secrets: SecretsApi;

  beforeAll(() => {
    run('mkdir', ['-m', '700', '-p', gnupgHome]);
    run('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'mxm-runtime test <test@mxm.invalid>', 'default', 'default', 'never']);
    const fingerprint = /fpr:::::::::([0-9A-F]+):/.exec(run('gpg', ['--batch', '--with-colons', '--list-secret-keys']))?.[1] as string;
    run('pass', ['init', fingerprint]);
    run('pass', ['insert', '--multiline', 'mxm/desk/api_token'], 'tok-123\n');
    run('pass', ['insert', '--multiline', 'mxm/desk/cert'], 'line one\nline two\n');
    secrets = SecretsApi.fromConfigData(
      {
        stores: { desk: { backend: 'pass', root: 'mxm/desk', store_dir: storeDir, gnupg_home: gnupgHome } },
        policies: { p: { allowed_principals: ['research'] } },
        refs: { token: { store: 'desk', path: 'api_token', policy: 'p' }, cert: { store: 'desk', path: 'cert', policy: 'p' }, gone: { store: 'desk', path: 'nope', policy: 'p' } },
      },
      { backends: [new PassSecretBackend()], identity: { app: 'a', environment: 'dev', machine: 'm', substrate: 'local-process', role: 'research' } },
    );
  }, 60_000);

  afterAll(() => {
    try {
      run('gpgconf', ['--kill', 'gpg-agent']);
    } finally {
      home.cleanup();
    }
  });

  it('reads a secret', async () => {
    expect(await secrets.getSecret('token')).toBe('tok-123');
  });
  it('keeps multi-line values, trimming one newline', async () => {
    expect(await secrets.getSecret('cert')).toBe('line one\nline two');
  });
  it('reports a missing entry as not found, without its path', async () => {
    await expect(secrets.getSecret('gone')).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND', message: 'Secret desk:gone was not found in its pass store.' });
  });
  it('says the store is ready', async () => {
    expect(await secrets.checkReady()).toEqual([{ store: 'desk', backend: 'pass', ready: true }]);
  });
  it('answers 1 000 concurrent reads correctly', async () => {
    const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => secrets.getSecret(i % 2 === 0 ? 'token' : 'cert')));
    expect(values.every((v, i) => v === (i % 2 === 0 ? 'tok-123' : 'line one\nline two'))).toBe(true);
  }, 180_000);
});
