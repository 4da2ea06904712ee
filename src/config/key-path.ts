/**
 * Key paths: `a.b`, `a.b[0]`, `a.b.0`, and `a[dotted.key]` for keys that contain dots.
 *
 * Owns: parsing and formatting paths, and looking them up in plain data.
 */
import { ConfigError } from './config-errors.js';
import { DEFAULT_CONFIG_LIMITS, limitExceeded } from './limits.js';
import { PyFloat } from './python-values.js';

/** One step of a path: a mapping key or a list index. */
export type PathSegment = string | number;

/**
 * Parses a key path into segments.
 *
 * @param maxSegments - most segments accepted: a path deeper than any store nests is an input error,
 *   and stopping here keeps a key of thousands of segments from reaching recursive code.
 * @throws {ConfigError} `CONFIG_INVALID_PATH` for an empty path, empty segments or unbalanced
 *   brackets; `CONFIG_LIMIT_EXCEEDED` for more than `maxSegments` segments.
 */
export function parseKeyPath(path: string, maxSegments: number = DEFAULT_CONFIG_LIMITS.maxKeyPathSegments): PathSegment[] {
  const segments: PathSegment[] = [];
  const tooLong = (): never => {
    throw limitExceeded('maxKeyPathSegments', maxSegments, `Key path '${path.length > 80 ? `${path.slice(0, 80)}…` : path}' (${path.length} characters)`);
  };
  let i = 0;
  const fail = (why: string): never => {
    throw new ConfigError('CONFIG_INVALID_PATH', `Invalid key path '${path.length > 80 ? `${path.slice(0, 80)}…` : path}': ${why}.`);
  };
  if (path.length === 0) fail('it is empty');
  while (i < path.length) {
    if (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) fail('a [ is not closed');
      const inner = path.slice(i + 1, end);
      if (inner.length === 0) fail('empty []');
      segments.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      if (segments.length > maxSegments) tooLong();
      i = end + 1;
      if (path[i] === '.') i += 1;
      continue;
    }
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[') end += 1;
    const key = path.slice(i, end);
    if (key.length === 0) fail('it has an empty segment');
    segments.push(key);
    if (segments.length > maxSegments) tooLong();
    i = end;
    if (path[i] === '.') {
      i += 1;
      if (i === path.length) fail('it ends with a dot');
    }
  }
  return segments;
}

/** Formats segments as a path; keys with dots or brackets are written `[key]`, indices `[n]`. */
export function formatKeyPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/[.[\]]/.test(segment) || segment.length === 0) out += `[${segment}]`;
    else out += out.length === 0 ? segment : `.${segment}`;
  }
  return out;
}

/** Appends one key to a formatted path. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number' || /[.[\]]/.test(key) || key.length === 0) return `${parent}[${key}]`;
  return parent.length === 0 ? key : `${parent}.${key}`;
}

/**
 * The absolute path a reference `key` names, seen from the value at `at`: `x.y` counts from the
 * top, `.x` is a sibling of the value and each further dot climbs one mapping. Undefined when the
 * dots climb above the top level.
 *
 * @throws {ConfigError} `CONFIG_INVALID_PATH` when the part after the dots is not a key path;
 *   `CONFIG_LIMIT_EXCEEDED` beyond `maxSegments`.
 */
export function referencedPath(key: string, at: readonly PathSegment[], maxSegments?: number): PathSegment[] | undefined {
  const dots = /^\.*/.exec(key)?.[0].length ?? 0;
  if (dots === 0) return parseKeyPath(key, maxSegments);
  if (at.length - dots < 0) return undefined;
  const base = at.slice(0, at.length - dots);
  const rest = key.slice(dots);
  return rest.length === 0 ? base : [...base, ...parseKeyPath(rest, maxSegments)];
}

/** The path of the value holding the one at `path` (`a.b[0]` → `a.b`, `a` → ''). */
export function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut < 0 ? '' : path.slice(0, cut);
}

/** Whether `path` lies inside the value at `ancestor` (`a.b` or `a[0]` is inside `a`; `ab` is not). */
export function isBelow(path: string, ancestor: string): boolean {
  return path.length > ancestor.length && path.startsWith(ancestor) && (path[ancestor.length] === '.' || path[ancestor.length] === '[');
}

/** Whether a value is a plain mapping (not null, not a list). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof PyFloat);
}

/** The result of a lookup: found with its value, or where the walk stopped and what was there. */
export type Lookup =
  | { readonly found: true; readonly value: unknown }
  | { readonly found: false; readonly at: number; readonly available: readonly string[] };

/** Looks a path up in plain data without throwing. Own properties only. */
export function lookup(data: unknown, segments: readonly PathSegment[]): Lookup {
  let current: unknown = data;
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i] as PathSegment;
    if (Array.isArray(current)) {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
      if (index < 0 || index >= current.length) {
        const list = current;
        return { found: false, at: i, get available() { return list.map((_, n) => String(n)); } };
      }
      current = current[index];
    } else if (isMapping(current)) {
      const key = String(segment);
      if (!Object.prototype.hasOwnProperty.call(current, key)) {
        const mapping = current;
        // Worked out only when an error message asks: a miss in a mapping of 250 000 keys is common (schema defaults).
        return { found: false, at: i, get available() { return Object.keys(mapping).sort(); } };
      }
      current = current[key];
    } else {
      return { found: false, at: i, available: [] };
    }
  }
  return { found: true, value: current };
}
