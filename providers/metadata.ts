/** The metadata provider: binds RUNTIME_METADATA (substrate, whether in a container, evidence). */
import { defineProviderModule } from '../src/container/runtime-module.js';
import { RUNTIME_METADATA } from '../src/container/tokens.js';

/** Binds the runtime metadata. */
export const metadataProvider = defineProviderModule({ name: 'mxm:metadata' }, (bind, setup) => {
  bind(RUNTIME_METADATA).toConstantValue(setup.metadata);
});
