/** `describeWithPass` for suites that need a real pass store; the store itself is in pass-fixture.ts. */
import { describe } from '@jest/globals';
import { passAvailable } from './pass-fixture.js';

export { createPassStore, passAvailable, type PassStore } from './pass-fixture.js';

/**
 * `describe` when pass and gpg are installed; otherwise says so loudly and skips — except under
 * CI=true, where a missing pass is an error (.ci/run installs it).
 */
export function describeWithPass(): typeof describe | typeof describe.skip {
  if (passAvailable) return describe;
  if (process.env['CI'] === 'true') throw new Error('pass and gnupg must be installed under CI (.ci/run installs them)');
  console.warn('\n*** pass or gpg is not installed: the real pass backend tests are SKIPPED on this machine ***\n');
  return describe.skip;
}

