/**
 * Container snapshots: a stable, serialisable description of a context, made for
 * `expect(context.snapshot()).toMatchSnapshot()` and for diffing two identities.
 *
 * Stable means: sorted, no process-global ids, no times, no absolute home, temp or store paths
 * (they read `~`, `<tmp>`, `<store>`), and no secret values (sensitive config is redacted; the
 * secrets service contributes names only).
 */
import { realpathSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute } from 'node:path';
import { fingerprintOf } from '../config/freeze.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { PlannedLayer } from '../config/store.js';
import { identityKey, type RuntimeIdentity } from '../identity/runtime-identity.js';
import type { BindingRecord, ModuleRecord } from './manifest.js';

/** The snapshot of a runtime context. */
export interface RuntimeSnapshot {
  readonly identity: RuntimeIdentity;
  readonly key: string;
  /** `sha256:…` of the configuration as printed (redacted), host paths scrubbed (equal under any HOME or TMPDIR). */
  readonly configFingerprint: string;
  readonly config: unknown;
  readonly layers: readonly PlannedLayer[];
  readonly modules: readonly ModuleRecord[];
  readonly bindings: readonly BindingRecord[];
}

/** Builds a snapshot; `storeRoot` is replaced by `<store>` wherever it appears. */
export function buildSnapshot(input: {
  identity: RuntimeIdentity;
  config: ResolvedConfig;
  modules: readonly ModuleRecord[];
  bindings: readonly BindingRecord[];
  storeRoot: string;
}): RuntimeSnapshot {
  const scrub = pathScrubber([
    [input.storeRoot, '<store>'],
    [tmpdir(), '<tmp>'],
    [homedir(), '~'],
  ]);
  // The configuration as printed (sensitive values redacted, as the config's own fingerprint is),
  // host paths scrubbed: a value under the home must not change the snapshot or its fingerprint.
  const config = scrub(input.config.toJSON());
  return {
    identity: scrub({ ...input.identity }) as RuntimeIdentity,
    key: scrub(identityKey(input.identity)) as string,
    configFingerprint: fingerprintOf(config),
    config,
    layers: scrub(input.config.plan.map((l) => ({ ...l }))) as PlannedLayer[],
    modules: scrub(input.modules.map((m) => ({ ...m }))) as ModuleRecord[],
    bindings: scrub(input.bindings.map((b) => ({ ...b, overrode: [...b.overrode] }))) as BindingRecord[],
  };
}

/**
 * Replaces host-specific path prefixes in every string of a value. The longest prefix wins (a home
 * inside the temp directory, or a store inside the home, reads the same on every machine), and
 * only whole path segments are replaced (`/tmpfiles` is not `<tmp>files`).
 */
export function scrubPaths(value: unknown, replacements: readonly (readonly [string, string])[]): unknown {
  return pathScrubber(replacements)(value);
}

/** What {@link scrubPaths} does, made once for many values. */
function pathScrubber(replacements: readonly (readonly [string, string])[]): (value: unknown) => unknown {
  const usable = withRealPaths(replacements)
    // Only an absolute path is a host path: a relative HOME or TMPDIR (`dev`) would replace words.
    .filter(([from]) => isAbsolute(from))
    .map(([from, to]) => [from.replace(/[/\\]+$/, ''), to] as const)
    .filter(([from]) => from.length > 1)
    .sort((a, b) => b[0].length - a[0].length)
    // A string that does not contain a path is left without running its pattern (most are).
    .map(([from, to]) => [from, new RegExp(`(?<![\\w.-])${escapeRegExp(from)}(?![\\w.-])`, 'g'), to] as const);
  const scrub = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let out = v;
      for (const [from, pattern, to] of usable) if (out.includes(from)) out = out.replace(pattern, to);
      return out;
    }
    if (Array.isArray(v)) return v.map(scrub);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) Object.defineProperty(out, k, { value: scrub(child), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  return scrub;
}

/** Each path and, when it differs, its real path (a temp directory is often a symlink). */
function withRealPaths(replacements: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  const out: (readonly [string, string])[] = [];
  for (const [from, to] of replacements) {
    out.push([from, to]);
    try {
      const real = realpathSync(from);
      if (real !== from) out.push([real, to]);
    } catch {
      // A path that does not exist has no other spelling.
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
