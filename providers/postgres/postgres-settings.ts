/**
 * The settings of the `mxm_databases` entries with `driver: postgres`: their schema, defaults and
 * validation. Every problem names the key and the file:line it came from, and all are reported at
 * once. Owns: reading and checking settings. Does not own: the pool (postgres-pool.ts) or whether
 * `password_secret` names a configured secret (the databases provider checks that for every driver).
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isMapping } from '../../src/config/key-path.js';
import { describeOrigin } from '../../src/config/provenance.js';
import type { ResolvedConfig } from '../../src/config/resolved-config.js';
import type { Problem } from '../../src/errors/mxm-error.js';
import type { RuntimeIdentity } from '../../src/identity/runtime-identity.js';
import { PostgresConfigError } from './postgres-errors.js';

/** Connections a pool opens at most unless `pool_size` says otherwise (pg's own default). */
export const DEFAULT_POOL_SIZE = 10;
/** Time to open a connection (or wait for a free one) unless `connect_timeout_ms` says otherwise. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Time an idle connection stays open unless `idle_timeout_ms` says otherwise (pg's own default). */
export const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
/** The largest pool a setting may ask for: PostgreSQL's own default max_connections is 100. */
export const MAX_POOL_SIZE = 1000;

/** TLS: `disable`, `require` (encrypted, any certificate), `verify-full` (certificate and host name checked). */
export type PostgresSslMode = 'disable' | 'require' | 'verify-full';
const SSL_MODES: readonly PostgresSslMode[] = ['disable', 'require', 'verify-full'];

/** One PostgreSQL database, checked; everything but the password. */
export interface PostgresSettings {
  /** The name under `mxm_databases`. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** The secret holding the password, read through SECRETS for every new connection. */
  readonly passwordSecret?: string | undefined;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  /** Server-side statement_timeout; 0 for none. */
  readonly statementTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly ssl: PostgresSslMode;
  /** The CA certificate(s) for `verify-full`, read from `ssl_ca_file` at build. */
  readonly sslCa?: string | undefined;
  /** What pg_stat_activity shows; default `<app>/<role>:<name>`. */
  readonly applicationName: string;
  /** Where the entry was configured, e.g. `default apps/demo/default.yaml:14`. */
  readonly source: string;
}

/** The keys a postgres entry may have. */
export const POSTGRES_KEYS = [
  'driver',
  'host',
  'port',
  'database',
  'user',
  'password_secret',
  'pool_size',
  'connect_timeout_ms',
  'statement_timeout_ms',
  'idle_timeout_ms',
  'ssl',
  'ssl_ca_file',
  'application_name',
] as const;

/** Names of the `mxm_databases` entries with `driver: postgres`, sorted; no validation. Throws nothing. */
export function postgresDatabaseNames(config: ResolvedConfig): string[] {
  const section = config.has('mxm_databases') ? config.get('mxm_databases') : undefined;
  if (!isMapping(section)) return [];
  return Object.keys(section)
    .filter((name) => isMapping(section[name]) && section[name]['driver'] === 'postgres')
    .sort();
}

/** `user@host:port/database, configured at <origin>`: how messages name a database's target. Throws nothing. */
export function describeTarget(settings: PostgresSettings): string {
  return `${settings.user}@${settings.host}:${settings.port}/${settings.database}, configured at ${settings.source}`;
}

/**
 * Reads and checks every postgres entry.
 *
 * @throws {PostgresConfigError} `POSTGRES_CONFIG_INVALID` listing every invalid, missing or
 *   unknown setting with the file:line it came from and what is accepted.
 */
export function readPostgresSettings(config: ResolvedConfig, identity: RuntimeIdentity, storeRoot: string): ReadonlyMap<string, PostgresSettings> {
  const problems: Problem[] = [];
  const all = new Map<string, PostgresSettings>();
  for (const name of postgresDatabaseNames(config)) {
    const settings = readOne(config, name, identity, storeRoot, problems);
    if (settings !== undefined) all.set(name, Object.freeze(settings));
  }
  if (problems.length > 0) throw new PostgresConfigError(problems);
  return all;
}

function readOne(config: ResolvedConfig, name: string, identity: RuntimeIdentity, storeRoot: string, problems: Problem[]): PostgresSettings | undefined {
  const base = `mxm_databases.${name}`;
  const entry = config.get(base) as Readonly<Record<string, unknown>>;
  const origin = (key: string): string => {
    const e = config.explain(`${base}.${key}`);
    return describeOrigin({ layer: e.layer, file: e.file, line: e.line, selector: e.selector });
  };
  const source = origin('driver');
  const before = problems.length;
  const problem = (key: string, message: string, present = true): void => {
    problems.push({ path: `${base}.${key}`, message, source: present ? origin(key) : source });
  };
  // A setting built from a secret (`host: h${db.password}`) is named, never quoted.
  const quoted = (key: string, value: unknown): string => (config.isSensitive(`${base}.${key}`) ? 'a sensitive value (not shown)' : JSON.stringify(value));

  for (const key of Object.keys(entry)) {
    if (!(POSTGRES_KEYS as readonly string[]).includes(key)) problem(key, `unknown setting for driver postgres. Settings: ${POSTGRES_KEYS.join(', ')}`);
  }
  const text = (key: string, fallback?: string): string => {
    const value = entry[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) problem(key, 'is required for driver postgres', false);
      return fallback ?? '';
    }
    if (typeof value !== 'string' || value.trim() === '') {
      problem(key, `must be a non-empty string, not ${quoted(key, value)}`);
      return fallback ?? '';
    }
    return value;
  };
  const integer = (key: string, fallback: number, min: number, max: number): number => {
    const value = entry[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      const hint = typeof value === 'string' ? ' (a value from ${oc.env:…} is a string: wrap it in ${oc.decode:…})' : '';
      problem(key, `must be an integer from ${min} to ${max}, not ${quoted(key, value)}${hint}`);
      return fallback;
    }
    return value;
  };

  const host = text('host', 'localhost');
  const port = integer('port', 5432, 1, 65535);
  const database = text('database');
  const user = text('user');
  const passwordSecret = entry['password_secret'] === undefined ? undefined : text('password_secret');
  const poolSize = integer('pool_size', DEFAULT_POOL_SIZE, 1, MAX_POOL_SIZE);
  const connectTimeoutMs = integer('connect_timeout_ms', DEFAULT_CONNECT_TIMEOUT_MS, 1, 3_600_000);
  const statementTimeoutMs = integer('statement_timeout_ms', 0, 0, 2_147_483_647);
  const idleTimeoutMs = integer('idle_timeout_ms', DEFAULT_IDLE_TIMEOUT_MS, 1, 86_400_000);
  const ssl = text('ssl', 'disable') as PostgresSslMode;
  if (!SSL_MODES.includes(ssl)) problem('ssl', `must be one of ${SSL_MODES.join(', ')}, not ${quoted('ssl', ssl)}`);
  let sslCa: string | undefined;
  if (entry['ssl_ca_file'] !== undefined) {
    const file = text('ssl_ca_file');
    const path = isAbsolute(file) ? file : resolve(storeRoot, file);
    if (ssl !== 'verify-full') problem('ssl_ca_file', 'is only used with ssl: verify-full');
    else if (file !== '') sslCa = readCa(path, (message) => problem('ssl_ca_file', message));
  }
  const applicationName = text('application_name', `${identity.app}/${identity.role}:${name}`);
  if (problems.length > before) return undefined;
  return { name, host, port, database, user, passwordSecret, poolSize, connectTimeoutMs, statementTimeoutMs, idleTimeoutMs, ssl, sslCa, applicationName, source };
}

function readCa(path: string, problem: (message: string) => void): string | undefined {
  try {
    if (!statSync(path).isFile()) {
      problem(`${path} is not a regular file`);
      return undefined;
    }
    return readFileSync(path, 'utf8');
  } catch (error) {
    problem(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
}
