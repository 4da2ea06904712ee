/** `mxm-runtime diff --against environment=prod`: what differs between two identities' configs, key by key. */
import { pythonJson } from '../../config/python-json.js';
import { defaultStoreRoot } from '../../config/store.js';
import { loadConfig } from '../../config/load-config.js';
import { canonicalJson } from '../../config/freeze.js';
import { childPath, isMapping } from '../../config/key-path.js';
import { REDACTED } from '../../config/redaction.js';
import { describeOrigin } from '../../config/provenance.js';
import type { ResolvedConfig } from '../../config/resolved-config.js';
import { resolveRuntimeIdentity } from '../../identity/build.js';
import { defaultProviderSchema } from '../../../providers/config-sections.js';
import { IDENTITY_FIELDS, identityKey, type IdentityField, type RuntimeIdentity } from '../../identity/runtime-identity.js';
import { UsageError } from '../command-line.js';
import { identityInput, type CommonOptions } from '../identity-options.js';
import { hideValuesOf, printJson, printLines } from '../output.js';

function leaves(value: unknown, at: string, out: Map<string, unknown>): Map<string, unknown> {
  if (isMapping(value) && Object.keys(value).length > 0) for (const key of Object.keys(value)) leaves(value[key], childPath(at, key), out);
  else out.set(at, value);
  return out;
}

function otherIdentity(base: RuntimeIdentity, against: readonly string[]): RuntimeIdentity {
  const other: Record<string, string> = { ...base };
  for (const assignment of against) {
    const [field, ...rest] = assignment.split('=');
    if (field === undefined || rest.length === 0 || !(IDENTITY_FIELDS as readonly string[]).includes(field)) {
      throw new UsageError(`--against takes field=value with a field among ${IDENTITY_FIELDS.join(', ')}; got '${assignment}'.`);
    }
    other[field as IdentityField] = rest.join('=');
  }
  return other as unknown as RuntimeIdentity;
}

const origin = (config: ResolvedConfig, path: string): string => {
  try {
    const e = config.explain(path);
    return e.layer === undefined ? '-' : describeOrigin(e);
  } catch {
    return '-';
  }
};

export default async function diff(options: CommonOptions & { against?: string[] }): Promise<void> {
  const { identity } = resolveRuntimeIdentity(identityInput(options), { storeRoot: options.storeRoot ?? defaultStoreRoot() });
  const other = otherIdentity(identity, options.against ?? []);
  const left = loadConfig({ identity, storeRoot: options.storeRoot, envFile: options.envFile, schema: defaultProviderSchema() });
  const right = loadConfig({ identity: other, storeRoot: options.storeRoot, envFile: options.envFile, schema: defaultProviderSchema() });
  hideValuesOf(left);
  hideValuesOf(right);
  // Compared on the real values, so a changed secret shows up; printed redacted, both sides alike.
  const a = leaves(left.data, '', new Map());
  const b = leaves(right.data, '', new Map());
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes = keys
    .filter((k) => a.has(k) !== b.has(k) || canonicalJson(a.get(k)) !== canonicalJson(b.get(k)))
    .map((k) => {
      const sensitive = (a.has(k) && left.isSensitive(k, a.get(k))) || (b.has(k) && right.isSensitive(k, b.get(k)));
      const shown = (config: ResolvedConfig, side: Map<string, unknown>): unknown => (!side.has(k) ? undefined : sensitive ? REDACTED : config.redactedAt(side.get(k), k));
      return { path: k, sensitive, left: shown(left, a), leftFrom: a.has(k) ? origin(left, k) : '-', right: shown(right, b), rightFrom: b.has(k) ? origin(right, k) : '-' };
    });
  if (options.json === true) {
    printJson({ left: identityKey(identity), right: identityKey(other), changes });
    return;
  }
  // Python's json spelling, so inf, -inf and nan (and 1 and 1.0) are told apart, never all `null`.
  const show = (v: unknown): string => (v === undefined ? '(absent)' : pythonJson(v));
  printLines([
    `--- ${identityKey(identity)}`,
    `+++ ${identityKey(other)}`,
    ...(changes.length === 0
      ? ['(no differences)']
      : changes.flatMap((c) => [`${c.path}${c.sensitive ? '  (sensitive: changed, values not shown)' : ''}`, `  - ${show(c.left)}  (${c.leftFrom})`, `  + ${show(c.right)}  (${c.rightFrom})`])),
  ]);
}
