/**
 * The config provider: binds IDENTITY, CONFIG and CONFIG_SCHEMA.
 *
 * The configuration itself is loaded by the builder before any module registers (every module's
 * schema must be known first); this provider makes it injectable.
 */
import { defineProviderModule } from '../src/container/runtime-module.js';
import { CONFIG, CONFIG_SCHEMA, IDENTITY } from '../src/container/tokens.js';

/** Binds the identity, the resolved configuration and the schema it was validated against. */
export const configProvider = defineProviderModule({ name: 'mxm:config' }, (bind, setup) => {
  bind(IDENTITY).toConstantValue(setup.identity);
  bind(CONFIG).toConstantValue(setup.config);
  bind(CONFIG_SCHEMA).toConstantValue(setup.schema);
});
