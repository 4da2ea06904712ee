/**
 * Explicit overrides: the last layer, written as nested mappings, dotted paths, or both.
 *
 * `{'parameters.refresh_interval': '5min'}` sets the nested key (the Python version made a literal
 * dotted key; this one does not). Owns: turning overrides into one nested mapping. Also reads
 * `key.path=value` assignments as the CLI's `--set` writes them.
 */
import { ConfigError } from './config-errors.js';
import { isMapping, parseKeyPath } from './key-path.js';
import { DEFAULT_CONFIG_LIMITS } from './limits.js';
import { moveMark, placeValue } from './python-values.js';
import { setOwn } from './yaml-data.js';
import { parseYaml } from './yaml-reader.js';

/**
 * Expands dotted keys into nested mappings; nested mappings are expanded too.
 *
 * @param maxDepth - most levels an override may reach (dotted segments and nested mappings together).
 * @throws {ConfigError} `CONFIG_OVERRIDE_INVALID` for an invalid path, or when one override
 *   sets a key below another override's scalar (`a: 1` and `a.b: 2`); `CONFIG_LIMIT_EXCEEDED`
 *   for an override deeper than `maxDepth`.
 */
export function expandOverrides(overrides: Readonly<Record<string, unknown>>, maxDepth: number = DEFAULT_CONFIG_LIMITS.maxKeyPathSegments, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    let segments: (string | number)[];
    try {
      segments = parseKeyPath(key, maxDepth - depth);
    } catch (cause) {
      if (cause instanceof ConfigError && cause.code === 'CONFIG_LIMIT_EXCEEDED') throw cause;
      throw new ConfigError('CONFIG_OVERRIDE_INVALID', `Invalid override key: ${(cause as Error).message}`, { cause });
    }
    let target = out;
    for (const segment of segments.slice(0, -1)) {
      const name = String(segment);
      const next = Object.prototype.hasOwnProperty.call(target, name) ? target[name] : undefined;
      if (next === undefined) {
        const created: Record<string, unknown> = {};
        setOwn(target, name, created);
        target = created;
      } else if (isMapping(next)) {
        target = next;
      } else {
        throw new ConfigError('CONFIG_OVERRIDE_INVALID', `Override '${key}' sets a key below '${name}', which another override sets to a value.`);
      }
    }
    const last = String(segments[segments.length - 1]);
    const expanded = isMapping(value) ? expandOverrides(value, maxDepth, depth + segments.length) : value;
    const existing = Object.prototype.hasOwnProperty.call(target, last) ? target[last] : undefined;
    setOwn(target, last, isMapping(existing) && isMapping(expanded) ? { ...existing, ...expanded } : expanded);
    moveMark(overrides, key, target, last);
  }
  return out;
}

/**
 * Reads `key.path=value` assignments; each value is read as a YAML scalar (`5` → 5, `true` → true).
 *
 * @throws {ConfigError} `CONFIG_OVERRIDE_INVALID` when an assignment has no `=` or an empty key.
 */
export function parseAssignments(assignments: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) {
      // Not echoed: a mistyped assignment may well be a value someone meant to set, such as a password.
      throw new ConfigError('CONFIG_OVERRIDE_INVALID', `Invalid assignment (--set number ${assignments.indexOf(assignment) + 1}): expected key.path=value.`);
    }
    const key = assignment.slice(0, eq).trim();
    const text = assignment.slice(eq + 1);
    // placeValue keeps `--set ratio=1.0` a float (Python's json and str() print it `1.0`).
    placeValue(out, key, text.trim() === '' ? '' : parseYaml(text, `--set ${key}`).data, (target, k, v) => setOwn(target as Record<string, unknown>, String(k), v));
  }
  return out;
}
