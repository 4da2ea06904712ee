/**
 * Reliability catalogue — concurrency: 1 000 concurrent reads through the real pass backend,
 * 100 concurrent context builds, and two identities built side by side in one process.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildRuntimeContext, IDENTITY, type SecretsApi } from '../../src/index.js';
import { createPassStore, describeWithPass, type PassStore } from '../helpers/pass-store.js';

const STORE = fileURLToPath(new URL('../../examples/store', import.meta.url));
const ENV = { MXM_SUBSTRATE: 'local-process' };
const build = (environment: string, role: string) => buildRuntimeContext({ identity: { app: 'demo', environment, role }, storeRoot: STORE, env: ENV });

describeWithPass()('reliability: 1 000 concurrent reads through pass', () => {
  let store: PassStore;
  let secrets: SecretsApi;
  beforeAll(() => {
    store = createPassStore();
    store.insert('mxm/desk/api_token', 'tok-123\n');
    store.insert('mxm/desk/cert', 'line one\nline two\n');
    secrets = store.secrets('desk', 'mxm/desk', { token: 'api_token', cert: 'cert' });
  }, 60_000);
  afterAll(() => store.cleanup());

  it('answers every one of 1 000 concurrent getSecret calls correctly', async () => {
    const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => secrets.getSecret(i % 2 === 0 ? 'token' : 'cert')));
    const wrong = values.filter((v, i) => v !== (i % 2 === 0 ? 'tok-123' : 'line one\nline two'));
    expect(wrong).toEqual([]);
  }, 240_000);
});

describe('reliability: concurrent context builds', () => {
  it('100 concurrent builds all succeed with one fingerprint and equal snapshots', async () => {
    const contexts = await Promise.all(Array.from({ length: 100 }, () => build('dev', 'research')));
    try {
      expect(new Set(contexts.map((c) => c.config.fingerprint)).size).toBe(1);
      expect(new Set(contexts.map((c) => JSON.stringify(c.snapshot()))).size).toBe(1);
      expect(new Set(contexts.map((c) => c.container)).size).toBe(100);
    } finally {
      await Promise.all(contexts.map((c) => c.dispose()));
    }
  }, 120_000);

  it('two identities built side by side never mix config, identity or principal', async () => {
    const pairs = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? build('dev', 'research') : build('prod', 'execution'))));
    try {
      const reads = await Promise.all(
        pairs.map(async (context) => ({
          role: context.identity.role,
          environment: context.identity.environment,
          level: context.config.get('logging.level'),
          refdata: await context.secrets.getSecret('refdata_db_password').catch((e: { code: string }) => e.code),
          broker: context.secrets.canRead('broker_api_key'),
          secretsRole: context.get(IDENTITY).role,
        })),
      );
      for (const r of reads) {
        if (r.role === 'research') expect(r).toEqual({ role: 'research', environment: 'dev', level: 'debug', refdata: 'dev-refdata-password', broker: false, secretsRole: 'research' });
        else expect(r).toMatchObject({ role: 'execution', environment: 'prod', level: 'info', refdata: 'SECRET_ACCESS_DENIED', broker: true, secretsRole: 'execution' });
      }
    } finally {
      await Promise.all(pairs.map((c) => c.dispose()));
    }
  }, 60_000);
});
