/**
 * Redaction of sensitive values for every output: JSON, inspect, the CLI, snapshots.
 *
 * Owns: the placeholder and the copy-with-redactions of plain data.
 */
import { childPath, isMapping } from './key-path.js';

/** What a redacted value prints as. */
export const REDACTED = '<redacted>';

/** A copy of `data` (rooted at `prefix`) with every sensitive path replaced by {@link REDACTED}. */
export function redactData(data: unknown, sensitive: ReadonlySet<string>, prefix = ''): unknown {
  if (sensitive.size === 0) return data;
  if (prefix !== '' && sensitive.has(prefix)) return REDACTED;
  if (Array.isArray(data)) return data.map((item, i) => redactData(item, sensitive, childPath(prefix, i)));
  if (isMapping(data)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(data)) {
      Object.defineProperty(out, key, { value: redactData(data[key], sensitive, childPath(prefix, key)), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return data;
}
