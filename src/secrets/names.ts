/**
 * Rules for the names and paths of the secrets model.
 *
 * Owns: the identifier pattern (secrets, stores, policies, principals, backends) and the checks a
 * secret path must pass before any backend sees it.
 */

/** Names of secrets, stores, policies, principals and backends. */
export const IDENTIFIER_PATTERN = /^[a-z][a-z0-9_]*$/;

/** What is wrong with a name, or undefined. */
export function identifierProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return 'must not be empty';
  if (value.trim() !== value) return 'must not have surrounding whitespace';
  if (!IDENTIFIER_PATTERN.test(value)) return `must match ^[a-z][a-z0-9_]*$, got ${JSON.stringify(value)}`;
  return undefined;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * What is wrong with a secret path, or undefined. Paths are relative, `/`-separated, with no
 * `.`/`..`/empty segments, no backslashes, control characters, percent-escapes, or segments
 * starting with `-` (they could read as options).
 */
export function secretPathProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return 'must not be empty';
  if (value.trim() !== value) return 'must not have surrounding whitespace';
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (value.includes('\\')) return 'must not contain backslashes';
  if (value.startsWith('/')) return "must be relative (no leading '/')";
  if (/%[0-9a-fA-F]{2}/.test(value)) return 'must not contain percent-escapes';
  for (const segment of value.split('/')) {
    if (segment === '') return 'must not contain empty segments';
    if (segment === '.' || segment === '..') return `must not contain '${segment}' segments`;
    if (segment.startsWith('-')) return "segments must not start with '-'";
  }
  return undefined;
}
