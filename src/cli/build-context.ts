/**
 * Building the context (or just the config) a command needs from its options.
 */
import { buildRuntimeContext } from '../compose.js';
import type { RuntimeContext } from '../context/runtime-context.js';
import { identityInput, type CommonOptions } from './identity-options.js';

/** The context for the command line's identity and store. */
export function contextFromOptions(options: CommonOptions, overrides?: Record<string, unknown>): Promise<RuntimeContext> {
  return buildRuntimeContext({ identity: identityInput(options), storeRoot: options.storeRoot, envFile: options.envFile, overrides });
}
