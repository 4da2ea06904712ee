/**
 * The pass backend against a real GnuPG + pass store made for this run: a throwaway key without
 * passphrase in a temporary GNUPGHOME, `pass init`, `pass insert`; gpg-agent killed afterwards.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { SecretsApi } from '../../src/index.js';
import { createPassStore, describeWithPass, type PassStore } from '../helpers/pass-store.js';

describeWithPass()('pass backend (real GnuPG + pass)', () => {
  let store: PassStore;
  let secrets: SecretsApi;

  beforeAll(() => {
    store = createPassStore();
    store.insert('mxm/desk/api_token', 'tok-123\n');
    store.insert('mxm/desk/cert', 'line one\nline two\n');
    secrets = store.secrets('desk', 'mxm/desk', { token: 'api_token', cert: 'cert', gone: 'nope' });
  }, 60_000);

  afterAll(() => store.cleanup());

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
  // 1 000 concurrent reads: test/reliability/concurrency.test.ts.
});
