/**
 * Building the context (or just the config) a command needs from its options.
 */
import { buildRuntimeContext } from '../compose.js';
import type { RuntimeContext } from '../context/runtime-context.js';
import { identityInput, type CommonOptions } from './identity-options.js';
import { hideValuesOf } from './output.js';

/** The context for the command line's identity and store. */
export async function contextFromOptions(options: CommonOptions, overrides?: Record<string, unknown>): Promise<RuntimeContext> {
  const context = await buildRuntimeContext({ identity: identityInput(options), storeRoot: options.storeRoot, envFile: options.envFile, overrides });
  hideValuesOf(context.config);
  return context;
}
