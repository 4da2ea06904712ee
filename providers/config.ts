/**
 * The config provider: binds IDENTITY, CONFIG and CONFIG_SCHEMA.
 *
 * The configuration itself is loaded by the builder before any module registers (every module's
 * schema must be known first); this provider makes it injectable.
 */
import { ConfigSchemaRegistry } from '../src/config/schema.js';
import { defineProviderModule } from '../src/container/runtime-module.js';
import { CONFIG, CONFIG_SCHEMA, IDENTITY } from '../src/container/tokens.js';

/** Binds the identity and the resolved configuration. */
export const configProvider = defineProviderModule({ name: 'mxm:config' }, (bind, setup) => {
  bind(IDENTITY).toConstantValue(setup.identity);
  bind(CONFIG).toConstantValue(setup.config);
  bind(CONFIG_SCHEMA).toConstantValue(new ConfigSchemaRegistry());
});
