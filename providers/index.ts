/**
 * The default providers, in the order they load: config, metadata, secret backends, secrets,
 * paths, databases, postgres (binds nothing, and loads no pg, unless a database has driver: postgres).
 */
import type { RuntimeModule } from '../src/container/runtime-module.js';
import { configProvider } from './config.js';
import { databasesProvider } from './databases.js';
import { metadataProvider } from './metadata.js';
import { pathsProvider } from './paths.js';
import { postgresProvider } from './postgres/postgres-provider.js';
import { backendProviders, secretsProvider } from './secrets/index.js';

/** Every built-in provider module. */
export const defaultProviders: readonly RuntimeModule[] = [configProvider, metadataProvider, ...backendProviders, secretsProvider, pathsProvider, databasesProvider, postgresProvider];

export { configProvider, databasesProvider, metadataProvider, pathsProvider, postgresProvider, secretsProvider };
export { backendProvider } from './secrets/index.js';
