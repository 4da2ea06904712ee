/** `mxm-runtime secrets get <name>`: the one command that prints a secret value. */
import { contextFromOptions } from '../build-context.js';
import type { CommonOptions } from '../identity-options.js';
import { writeStdout } from '../standard-streams.js';

export default async function secretsGet(options: CommonOptions, args: string[]): Promise<void> {
  const context = await contextFromOptions(options);
  const value = await context.secrets.getSecret(args[0] as string);
  writeStdout(`${value}\n`);
  await context.dispose();
}
