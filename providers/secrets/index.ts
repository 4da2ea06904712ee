/**
 * The secrets provider (SECRETS) and one provider module per backend, each binding its backend
 * under `secretBackendToken(name)`. A deployment module adds a backend (Vault, a cloud secret
 * manager) the same way, without touching the core.
 */
import type { ServiceIdentifier } from 'inversify';
import { defineProviderModule, type RuntimeModule } from '../../src/container/runtime-module.js';
import { SECRETS, SECRET_AUDIT, backendNameOf, secretBackendToken } from '../../src/container/tokens.js';
import type { SecretAuditSink } from '../../src/secrets/audit.js';
import type { SecretBackend } from '../../src/secrets/backend.js';
import { SecretsApi } from '../../src/secrets/secrets-api.js';
import { DotenvSecretBackend } from './backends/dotenv.js';
import { EnvSecretBackend } from './backends/env.js';
import { FileSecretBackend } from './backends/file.js';
import { GopassSecretBackend } from './backends/gopass.js';
import { MemorySecretBackend } from './backends/memory.js';
import { PassSecretBackend } from './backends/pass.js';
import { SECRETS_NAME_KEYS, SECRETS_SCHEMA, SECRETS_SENSITIVE } from '../config-sections.js';

/** A provider module that binds one backend. */
export function backendProvider(backend: SecretBackend): RuntimeModule {
  return defineProviderModule({ name: `mxm:secrets-backend:${backend.name}` }, (bind) => {
    bind(secretBackendToken(backend.name)).toConstantValue(backend);
  });
}

/** Binds SECRETS: built from `mxm_secrets` with every bound backend; wiring checked at build. */
export const secretsProvider = defineProviderModule({ name: 'mxm:secrets', schema: SECRETS_SCHEMA, sensitive: SECRETS_SENSITIVE, nameKeys: SECRETS_NAME_KEYS, validates: [SECRETS] }, (bind, setup) => {
  bind(SECRETS).toDynamicValue((context) => {
    const backends = new Map<string, SecretBackend>();
    for (const token of setup.boundTokens()) {
      const name = typeof token === 'symbol' ? backendNameOf(token) : undefined;
      if (name !== undefined) backends.set(name, context.get(token as ServiceIdentifier<SecretBackend>));
    }
    const audit = setup.isBound(SECRET_AUDIT) ? context.get<SecretAuditSink>(SECRET_AUDIT) : undefined;
    const section = setup.config.has('mxm_secrets') ? setup.config.get('mxm_secrets') : undefined;
    return SecretsApi.fromConfigData(section, { backends, identity: setup.identity, audit, baseDir: setup.storeRoot });
  })
    // Disposing the context abandons reads still running: nothing it started outlives it.
    .onDeactivation((api) => (api as SecretsApi).dispose());
});

/** The built-in backends' provider modules. */
export const backendProviders: readonly RuntimeModule[] = [
  backendProvider(new PassSecretBackend()),
  backendProvider(new GopassSecretBackend()),
  backendProvider(new EnvSecretBackend()),
  backendProvider(new FileSecretBackend()),
  backendProvider(new DotenvSecretBackend()),
  backendProvider(new MemorySecretBackend()),
];

export { DotenvSecretBackend, EnvSecretBackend, FileSecretBackend, GopassSecretBackend, MemorySecretBackend, PassSecretBackend };
