/**
 * The readable summary of a context: identity with evidence, layers, bound services, secret
 * stores and their readiness, paths, databases and their live clients (pools). Used by
 * `mxm-runtime context` and the example's `npm start`. Opens no connection and reads no secret.
 */
import type { RuntimeContext } from '../context/runtime-context.js';
import { DATABASES, PATHS, databaseServiceToken } from '../container/tokens.js';
import { IDENTITY_FIELDS } from '../identity/runtime-identity.js';
import type { StoreReadiness } from '../secrets/secrets-api.js';
import type { RuntimeSnapshot } from '../container/snapshot.js';
import { serviceName } from '../container/token.js';

/** The summary as data (what `--json` prints). */
export interface ContextSummary {
  readonly key: string;
  readonly identity: Record<string, { value: string; evidence: string }>;
  readonly configFingerprint: string;
  readonly layers: readonly { layer: string; file?: string | undefined; selector?: string | undefined; status: string }[];
  readonly services: readonly { token: string; module: string; kind: string; scope: string; overrode: readonly string[] }[];
  readonly modulesSkipped: readonly { name: string; reason?: string | undefined }[];
  readonly secretStores: readonly StoreReadiness[];
  readonly paths?: Readonly<Record<string, string>> | undefined;
  readonly databases: readonly DatabaseSummary[];
}

/** One configured database and, when a driver binds one, its live client. */
export interface DatabaseSummary {
  readonly name: string;
  readonly driver?: string | undefined;
  /** `user@host:port/database`, from the settings. */
  readonly target: string;
  /** The live client's token and the module that bound it; the client is constructed on first use, not here. */
  readonly live?: { readonly token: string; readonly module: string } | undefined;
}

function summarizeDatabases(context: RuntimeContext, bindings: RuntimeSnapshot['bindings']): DatabaseSummary[] {
  if (!context.container.isBound(DATABASES)) return [];
  return context.databases.names().map((name) => {
    const s = context.databases.get(name);
    const driver = typeof s['driver'] === 'string' ? s['driver'] : undefined;
    const target = `${String(s['user'] ?? s['username'] ?? '?')}@${String(s['host'] ?? '?')}:${String(s['port'] ?? '?')}/${String(s['database'] ?? '?')}`;
    const token = driver === undefined ? undefined : databaseServiceToken(driver, name);
    const record = token === undefined ? undefined : bindings.find((b) => b.token === serviceName(token));
    if (token === undefined || record === undefined) return { name, driver, target };
    // Named, not resolved: resolving would construct the client (a pool, and its driver loaded)
    // only to report that it is new.
    return { name, driver, target, live: { token: record.token, module: record.module } };
  });
}

/** Collects the summary (checks store readiness; reads no secret). */
export async function summarizeContext(context: RuntimeContext): Promise<ContextSummary> {
  const snapshot = context.snapshot();
  return {
    key: snapshot.key,
    identity: Object.fromEntries(IDENTITY_FIELDS.map((f) => [f, { value: context.identity[f], evidence: context.evidence[f].evidence }])),
    configFingerprint: snapshot.configFingerprint,
    layers: snapshot.layers,
    services: snapshot.bindings.filter((b) => !b.token.startsWith('mxm.secrets.backend.')).map(({ token, module, kind, scope, overrode }) => ({ token, module, kind, scope, overrode })),
    modulesSkipped: snapshot.modules.filter((m) => !m.loaded).map(({ name, reason }) => ({ name, reason })),
    secretStores: await context.secrets.checkReady(),
    paths: context.container.isBound(PATHS) ? { ...context.paths } : undefined,
    databases: summarizeDatabases(context, snapshot.bindings),
  };
}

/** The summary as lines for a person. */
export function formatSummary(summary: ContextSummary): string[] {
  const lines = [`runtime context ${summary.key}`, '', 'identity'];
  for (const [field, { value, evidence }] of Object.entries(summary.identity)) lines.push(`  ${field.padEnd(12)} ${value.padEnd(16)} ${evidence}`);
  lines.push('', `layers (config ${summary.configFingerprint.slice(0, 19)}…)`);
  for (const l of summary.layers) lines.push(`  ${l.layer.padEnd(12)} ${l.status.padEnd(7)} ${l.file ?? '(overrides)'}${l.selector === undefined ? '' : `  [${l.selector}]`}`);
  lines.push('', 'services');
  for (const s of summary.services) lines.push(`  ${s.token.padEnd(22)} ${s.kind.padEnd(9)} ${s.scope.padEnd(10)} ${s.module}${s.overrode.length > 0 ? ` (overrides ${s.overrode.join(', ')})` : ''}`);
  for (const m of summary.modulesSkipped) lines.push(`  (module ${m.name} not loaded: ${m.reason ?? 'selector does not match'})`);
  lines.push('', 'secret stores');
  if (summary.secretStores.length === 0) lines.push('  (none configured)');
  for (const s of summary.secretStores) lines.push(`  ${s.store.padEnd(16)} ${s.backend.padEnd(8)} ${s.ready ? 'ready' : 'NOT READY'}${s.reason === undefined ? '' : `  ${s.reason}`}`);
  lines.push('', 'paths');
  if (summary.paths === undefined) lines.push('  (no mxm_paths section)');
  else for (const [k, v] of Object.entries(summary.paths)) lines.push(`  ${k.padEnd(14)} ${v}`);
  lines.push('', 'databases');
  if (summary.databases.length === 0) lines.push('  (none configured)');
  for (const d of summary.databases) {
    const live = d.live === undefined ? 'settings only' : `${d.live.token} (${d.live.module})`;
    lines.push(`  ${d.name.padEnd(14)} ${(d.driver ?? '-').padEnd(9)} ${d.target}  ${live}`);
  }
  return lines;
}
