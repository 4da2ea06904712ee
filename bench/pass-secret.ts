/**
 * Benchmark 4: one secret through the pass backend against running `pass show` directly, both
 * from this process, on a real GnuPG + pass store made for the run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createPassStore, passAvailable } from '../test/helpers/pass-fixture.js';
import { measure, type Budget, type Measured } from './measure.js';

const run = promisify(execFile);

/** Medians of the two ways to read one secret, or why they were not measured. */
export type PassSecretResult = { readonly passShow: Measured; readonly getSecret: Measured } | { readonly skipped: string };

/** Measures `pass show` and `SecretsApi.getSecret` on the same entry. */
export async function benchPassSecret(budget: Budget): Promise<PassSecretResult> {
  if (!passAvailable) return { skipped: 'pass or gpg is not installed on this machine' };
  const store = createPassStore();
  try {
    store.insert('mxm/bench/token', 'bench-token\n');
    const secrets = store.secrets('desk', 'mxm/bench', { token: 'token' });
    const env = { ...process.env, PASSWORD_STORE_DIR: store.storeDir, GNUPGHOME: store.gnupgHome };
    const results = await measure(
      {
        passShow: async () => {
          if ((await run('pass', ['show', '--', 'mxm/bench/token'], { env })).stdout !== 'bench-token\n') throw new Error('pass show returned something else');
        },
        getSecret: async () => {
          if ((await secrets.getSecret('token')) !== 'bench-token') throw new Error('getSecret returned something else');
        },
      },
      budget,
    );
    return results as unknown as PassSecretResult;
  } finally {
    store.cleanup();
  }
}
