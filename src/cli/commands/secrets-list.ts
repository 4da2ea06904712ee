/** `mxm-runtime secrets list`: every secret, its store and policy, and whether this role may read it. */
import { contextFromOptions } from '../build-context.js';
import type { CommonOptions } from '../identity-options.js';
import { printJson, printLines, status } from '../output.js';

export default async function secretsList(options: CommonOptions): Promise<void> {
  const context = await contextFromOptions(options);
  const listing = context.secrets.list();
  if (options.json === true) printJson({ principal: context.identity.role, secrets: listing });
  else {
    printLines([
      `principal: ${context.identity.role}`,
      ...(listing.length === 0 ? ['(no secrets configured)'] : listing.map((s) => `  ${s.name.padEnd(28)} ${s.store.padEnd(16)} ${s.policy.padEnd(20)} ${status(s.allowed, s.allowed ? 'allowed' : 'denied')}`)),
    ]);
  }
  await context.dispose();
}
