/**
 * Reading the `mxm_secrets` section into stores, refs and policies, checking all of it at once.
 *
 * Checks: names match the identifier pattern; required fields are strings; paths pass the path
 * rules; every ref names an existing store and policy; every store names a known backend (and
 * passes that backend's own store checks). Owns: that parsing and those cross-checks.
 */
import type { Problem } from '../errors/mxm-error.js';
import type { SecretBackend } from './backend.js';
import { identifierProblem, secretPathProblem } from './names.js';
import type { SecretPolicy, SecretRef, SecretStore } from './models.js';
import { SecretsConfigError } from './secrets-errors.js';

/** The parsed section. */
export interface SecretsModel {
  readonly stores: readonly SecretStore[];
  readonly refs: readonly SecretRef[];
  readonly policies: readonly SecretPolicy[];
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A numeric store option's allowed range; `integer` options take whole numbers only. */
export interface OptionRange {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly unit: string;
}

/**
 * The store options every backend shares, checked when the context is built: a value out of range
 * would otherwise mean a read that never times out, a cache that never expires, or no reads at all.
 */
export const STORE_OPTION_RANGES: Readonly<Record<string, OptionRange>> = Object.freeze({
  timeout_ms: { min: 1, max: 600_000, integer: true, unit: 'milliseconds' },
  max_output_bytes: { min: 1, max: 64 * 1024 * 1024, integer: true, unit: 'bytes' },
  max_concurrency: { min: 1, max: 256, integer: true, unit: 'reads at once' },
  cache_ttl_seconds: { min: 0, max: 86_400, integer: false, unit: 'seconds (0: no cache)' },
});

function rangeProblem(value: unknown, range: OptionRange): string | undefined {
  if (value === undefined) return undefined;
  const expected = `a${range.integer ? 'n integer' : ' number'} from ${range.min} to ${range.max} (${range.unit})`;
  if (typeof value !== 'number') return `must be ${expected}, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`;
  if (!Number.isFinite(value) || value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) return `must be ${expected}, got ${String(value)}`;
  return undefined;
}

/**
 * A frozen entry whose location field (a ref's backend path, a store's root) is readable but not
 * enumerable: spread, `Object.entries`, JSON, `structuredClone` and test-framework diffs skip it.
 */
function withHidden<T extends object, K extends string>(entry: T, key: K, value: string): T & Readonly<Record<K, string>> {
  Object.defineProperty(entry, key, { value, enumerable: false, writable: false, configurable: false });
  return Object.freeze(entry) as T & Readonly<Record<K, string>>;
}

/**
 * Parses and checks the `mxm_secrets` section (absent or null means no secrets).
 *
 * @param data - the section's data.
 * @param backends - the backends bound in the container, by name.
 * @throws {SecretsConfigError} listing every problem found, each with its key path.
 */
export function parseSecretsModel(data: unknown, backends: ReadonlyMap<string, SecretBackend>): SecretsModel {
  const problems: Problem[] = [];
  const problem = (path: string, message: string): void => {
    problems.push({ path: `mxm_secrets.${path}`, message });
  };
  if (data === undefined || data === null) return { stores: [], refs: [], policies: [] };
  if (!isMapping(data)) throw new SecretsConfigError([{ path: 'mxm_secrets', message: 'must be a mapping with stores, refs and policies' }]);
  const section = (key: string): Record<string, unknown> => {
    const value = data[key];
    if (value === undefined || value === null) return {};
    if (!isMapping(value)) {
      problem(key, 'must be a mapping of name → settings');
      return {};
    }
    return value;
  };
  for (const key of Object.keys(data)) {
    if (!['stores', 'refs', 'policies'].includes(key)) problem(key, 'unknown section; expected stores, refs and policies');
  }
  const stringField = (entry: Record<string, unknown>, field: string, at: string): string | undefined => {
    const value = entry[field];
    if (typeof value !== 'string') {
      problem(`${at}.${field}`, value === undefined ? 'is required' : `must be a string, got ${value === null ? 'null' : typeof value}`);
      return undefined;
    }
    return value;
  };

  const stores: SecretStore[] = [];
  for (const [name, entry] of Object.entries(section('stores'))) {
    const at = `stores.${name}`;
    const bad = identifierProblem(name);
    if (bad !== undefined) problem(at, `store name ${bad}`);
    if (!isMapping(entry)) {
      problem(at, 'must be a mapping with backend and root');
      continue;
    }
    const backend = stringField(entry, 'backend', at);
    const root = stringField(entry, 'root', at);
    if (backend === undefined || root === undefined) continue;
    const options = Object.fromEntries(Object.entries(entry).filter(([k]) => k !== 'backend' && k !== 'root'));
    const impl = backends.get(backend);
    if (impl === undefined) {
      problem(`${at}.backend`, `unknown backend '${backend}'. Known backends: ${[...backends.keys()].sort().join(', ') || '(none)'}`);
    } else {
      for (const message of impl.validateStore?.({ name, root, options, baseDir: '' }) ?? []) problem(at, message);
    }
    for (const [option, range] of Object.entries(STORE_OPTION_RANGES)) {
      const bad = rangeProblem(options[option], range);
      if (bad !== undefined) problem(`${at}.${option}`, bad);
    }
    stores.push(withHidden({ name, backend, options: Object.freeze(options) }, 'root', root));
  }

  const policies: SecretPolicy[] = [];
  for (const [name, entry] of Object.entries(section('policies'))) {
    const at = `policies.${name}`;
    const bad = identifierProblem(name);
    if (bad !== undefined) problem(at, `policy name ${bad}`);
    if (!isMapping(entry) || !Array.isArray(entry['allowed_principals'])) {
      problem(at, 'must be a mapping with allowed_principals: [role, …]');
      continue;
    }
    const principals = entry['allowed_principals'] as unknown[];
    const seen = new Set<string>();
    principals.forEach((principal, i) => {
      const badPrincipal = identifierProblem(principal);
      if (badPrincipal !== undefined) problem(`${at}.allowed_principals[${i}]`, `principal ${badPrincipal}`);
      else if (seen.has(principal as string)) problem(`${at}.allowed_principals[${i}]`, `duplicate principal '${String(principal)}'`);
      seen.add(principal as string);
    });
    policies.push(Object.freeze({ name, allowedPrincipals: Object.freeze([...seen].filter((p) => identifierProblem(p) === undefined)) }));
  }

  const storeNames = new Set(stores.map((s) => s.name));
  const policyNames = new Set(policies.map((p) => p.name));
  const refs: SecretRef[] = [];
  for (const [name, entry] of Object.entries(section('refs'))) {
    const at = `refs.${name}`;
    const bad = identifierProblem(name);
    if (bad !== undefined) problem(at, `secret name ${bad}`);
    if (!isMapping(entry)) {
      problem(at, 'must be a mapping with store, path and policy');
      continue;
    }
    const store = stringField(entry, 'store', at);
    const path = stringField(entry, 'path', at);
    const policy = stringField(entry, 'policy', at);
    if (store === undefined || path === undefined || policy === undefined) continue;
    if (!storeNames.has(store)) problem(`${at}.store`, `unknown store '${store}'. Configured stores: ${[...storeNames].sort().join(', ') || '(none)'}`);
    if (!policyNames.has(policy)) problem(`${at}.policy`, `unknown policy '${policy}'. Configured policies: ${[...policyNames].sort().join(', ') || '(none)'}`);
    const badPath = secretPathProblem(path);
    if (badPath !== undefined) problem(`${at}.path`, `secret path ${badPath}`);
    for (const field of Object.keys(entry)) {
      if (!['store', 'path', 'policy'].includes(field)) problem(`${at}.${field}`, 'unknown field; a ref has store, path and policy');
    }
    refs.push(withHidden({ name, store, policy }, 'path', path));
  }
  if (problems.length > 0) throw new SecretsConfigError(problems);
  return { stores, refs, policies };
}
