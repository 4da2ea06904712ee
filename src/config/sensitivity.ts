/**
 * Which configuration values are sensitive, and the one place every printer asks.
 *
 * A value is sensitive when
 * - its key path is marked: a schema leaf with `sensitive: true`, or a module's pattern
 *   (`mxm_secrets.refs.*.path`, where `*` is any one key) covers it or one of its ancestors;
 * - a key on its path looks like a credential: the key, lower-cased with every character but
 *   letters and digits removed, ends with one of {@link DEFAULT_SENSITIVE_KEY_NAMES} (so `db_password`,
 *   `apiKey` and `client-secret` match; `max_tokens` and `mxm_secrets` do not). Applications add names;
 * - the value is a URL with a password in it (`postgres://u:pw@host/db`);
 * - or it was derived from a sensitive value by interpolation (interpolation.ts records those).
 *
 * Owns: those rules, the set of sensitive paths of one configuration, and redacted copies. Does not
 * own: finding derived values (interpolation.ts) or printing (every printer calls {@link SensitivePaths.redact}).
 */
import { copyMarks } from './python-values.js';
import { childPath, formatKeyPath, parentPath, parseKeyPath, type PathSegment } from './key-path.js';
import { REDACTED } from './redaction.js';
import { setOwn } from './yaml-data.js';

/**
 * Key names treated as credentials unless an application says otherwise, in the spirit of Spring
 * Boot's sanitizer. Compared after lower-casing and removing everything but letters and digits.
 */
export const DEFAULT_SENSITIVE_KEY_NAMES: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'credential',
  'credentials',
  'private_key',
  'api_key',
  'access_key',
  'secret_key',
  'signing_key',
  'encryption_key',
  'authorization',
  'connection_string',
]);

/**
 * Words that mark a key as a credential wherever they stand in it, as whole words (`secret_value`,
 * `X_PASS`, `passwords`); split at separators and lower-to-upper case changes. `tokens` and
 * `secrets` are not among them: `max_tokens` and `mxm_secrets` are not credentials.
 */
const CREDENTIAL_WORDS: ReadonlySet<string> = new Set(['password', 'passwords', 'passwd', 'passphrase', 'pass', 'pwd', 'secret', 'token', 'credential', 'credentials', 'cookie', 'authorization']);

/** Two words that together name a key (`ssh key`, `private-key-pem`). */
const CREDENTIAL_PAIRS: ReadonlySet<string> = new Set(['privatekey', 'apikey', 'accesskey', 'secretkey', 'signingkey', 'encryptionkey', 'sshkey', 'sessionkey', 'masterkey', 'clientsecret', 'connectionstring']);

/** Values that carry a credential whatever their key. */
/**
 * Credential shapes. Each pattern runs only on a value holding what it cannot match without (its
 * `hint`): most values hold none, so a start rarely compiles these expressions at all.
 */
const CREDENTIAL_VALUES: readonly { readonly hint: (value: string) => boolean; readonly pattern: RegExp }[] = [
  // scheme://user:password@host
  { hint: (value) => value.includes('://') && value.includes('@'), pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]*:[^/?#@\s]+@/i },
  // password=… in a query string or a connection string (jdbc:…?password=…, Server=h;Password=…;)
  { hint: (value) => value.includes('='), pattern: /(?:^|[;?&\s])(?:password|passwd|pwd)\s*=\s*[^;&\s]/i },
  // an HTTP credential
  { hint: (value) => value[0] === 'B' || value[0] === 'D', pattern: /^(?:Bearer|Basic|Digest)\s+\S{8,}/ },
  // a PEM private key
  { hint: (value) => value.includes('-----BEGIN '), pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

/** `${oc.env:NAME…}` or `${env:NAME…}`: an unresolved read of a variable, checked by its name. */
const ENV_READ = /\$\{\s*(?:oc\.)?env\s*:\s*([A-Za-z_][A-Za-z0-9_]*)/g;

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A key's words: `dbPassword` → db, password; `X_API_KEY` → x, api, key. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** What makes a value sensitive before any interpolation: marked paths, key names, URL passwords. */
export class SensitivityRules {
  readonly #patterns: readonly (readonly string[])[];
  readonly #nameKeys: readonly (readonly string[])[];
  readonly #suffixes: readonly string[];
  readonly #nameVerdicts = new Map<string, boolean>();

  /**
   * @param patterns - key paths (`a.b`, schema leaves) and patterns (`a.*.c`); each covers its subtree.
   * @param keyNames - credential-like key names; default {@link DEFAULT_SENSITIVE_KEY_NAMES}.
   * @param nameKeys - patterns of keys that are names chosen by the store, never credential fields
   *   (`mxm_secrets.refs.*`: a ref called `db_password` holds a store, a path and a policy). The
   *   key-name rule skips those keys; patterns, URL passwords and derivation still apply.
   * @throws {ConfigError} `CONFIG_INVALID_PATH` for a malformed pattern.
   */
  constructor(patterns: Iterable<string> = [], keyNames: Iterable<string> = DEFAULT_SENSITIVE_KEY_NAMES, nameKeys: Iterable<string> = []) {
    this.#patterns = [...new Set(patterns)].map((p) => parseKeyPath(p).map(String));
    this.#nameKeys = [...new Set(nameKeys)].map((p) => parseKeyPath(p).map(String));
    this.#suffixes = [...new Set([...keyNames].map(normalise).filter((s) => s.length > 0))];
  }

  /**
   * Whether a key or variable name looks like a credential (`DB_PASSWORD`, `apiKey`, `sshKey`,
   * `secret_value`): its letters and digits end with one of the key names, or one of its words (or
   * two neighbouring words) names a credential.
   */
  isCredentialName(name: string): boolean {
    let verdict = this.#nameVerdicts.get(name);
    if (verdict === undefined) {
      const normal = normalise(name);
      const words = wordsOf(name);
      verdict =
        this.#suffixes.some((s) => normal.endsWith(s)) ||
        words.some((w, i) => CREDENTIAL_WORDS.has(w) || CREDENTIAL_PAIRS.has(`${w}${words[i + 1] ?? ''}`));
      // Key names repeat across a configuration; a bounded memo keeps large stores cheap.
      if (this.#nameVerdicts.size < 10_000) this.#nameVerdicts.set(name, verdict);
    }
    return verdict;
  }

  /** Whether the value at `segments` is sensitive by its path: a marked path or a credential-like key on the way. */
  coversPath(segments: readonly PathSegment[]): boolean {
    for (let i = 0; i < segments.length; i += 1) if (this.lastKeyIsCredential(segments.slice(0, i + 1))) return true;
    return this.coversPattern(segments);
  }

  /** Whether the last key of `segments` looks like a credential and is not a name key. */
  lastKeyIsCredential(segments: readonly PathSegment[]): boolean {
    const last = segments[segments.length - 1];
    if (typeof last !== 'string' || !this.isCredentialName(last)) return false;
    return !this.#nameKeys.some((pattern) => pattern.length === segments.length && matches(pattern, segments));
  }

  /** Whether a marked path or pattern covers `segments` (ignoring key names). */
  coversPattern(segments: readonly PathSegment[]): boolean {
    return this.#patterns.some((pattern) => pattern.length <= segments.length && matches(pattern, segments));
  }

  /**
   * Whether a value is sensitive by its shape alone: a URL or connection string with a password, an
   * HTTP credential, a PEM private key, or an unresolved `${oc.env:…}` of a credential-like variable
   * (whose default, written beside it, may be the credential).
   */
  coversValue(value: unknown): boolean {
    if (typeof value !== 'string' || value.length < 8) return false;
    if (CREDENTIAL_VALUES.some(({ hint, pattern }) => hint(value) && pattern.test(value))) return true;
    if (!value.includes('env')) return false;
    for (const match of value.matchAll(ENV_READ)) if (this.isCredentialName(match[1] as string)) return true;
    return false;
  }
}

/**
 * The sensitive values of one configuration: rules plus the paths derived from sensitive values.
 * Every printed form of configuration data goes through {@link SensitivePaths.redact}.
 */
export class SensitivePaths {
  readonly #rules: SensitivityRules;
  readonly #derived: ReadonlySet<string>;

  /**
   * @param rules - the rules of the configuration.
   * @param derived - paths whose values were built from sensitive values (formatted key paths).
   */
  constructor(rules: SensitivityRules, derived: ReadonlySet<string> = new Set()) {
    this.#rules = rules;
    this.#derived = derived;
  }

  /** The rules behind this set. */
  get rules(): SensitivityRules {
    return this.#rules;
  }

  /**
   * Whether the value at `path` (or the value given for it) is sensitive: by rule, because an
   * ancestor is, or because it was derived from a sensitive value.
   */
  isSensitive(path: string | readonly PathSegment[], value?: unknown): boolean {
    // Segments are taken as given: a key such as `]` has no formatted path that parses back.
    const segments = typeof path === 'string' ? segmentsOf(path) : path;
    return this.#sensitiveWhole(typeof path === 'string' ? path : formatKeyPath(path), segments, value);
  }

  /** Whether anything at or below `path` in `value` is sensitive. */
  containsSensitive(path: string, value: unknown): boolean {
    const segments = segmentsOf(path);
    return this.#sensitiveWhole(path, segments, value) || this.#redactAt(value, path, segments) !== value;
  }

  /**
   * A copy of `value` (which sits at `path`, '' for the root) with every sensitive value replaced
   * by `<redacted>`; `value` itself when nothing in it is sensitive.
   */
  redact(value: unknown, path = ''): unknown {
    const segments = segmentsOf(path);
    return this.#sensitiveWhole(path, segments, value) ? REDACTED : this.#redactAt(value, path, segments);
  }

  /** The full check of one path, ancestors included (the walks below check ancestors on the way down). */
  #sensitiveWhole(path: string, segments: readonly PathSegment[], value: unknown): boolean {
    if (segments.length === 0) return false;
    return this.#rules.coversValue(value) || hasPathOrAncestor(this.#derived, path) || this.#rules.coversPath(segments);
  }

  /** Every sensitive path (topmost only) of `data`, which sits at `path` ('' for the root), sorted. */
  pathsIn(data: unknown, path: string | readonly PathSegment[] = ''): string[] {
    const out: string[] = [];
    const segments = typeof path === 'string' ? segmentsOf(path) : [...path];
    this.#collect(data, typeof path === 'string' ? path : formatKeyPath(path), segments, out);
    return out.sort();
  }

  #sensitiveAt(path: string, segments: readonly PathSegment[], value: unknown): boolean {
    if (segments.length === 0) return false;
    // Ancestors were checked on the way down: only the last key, the patterns and the value are new.
    return (
      this.#rules.lastKeyIsCredential(segments) ||
      this.#derived.has(path) ||
      this.#rules.coversValue(value) ||
      this.#rules.coversPattern(segments)
    );
  }

  #redactAt(value: unknown, path: string, segments: PathSegment[]): unknown {
    if (this.#sensitiveAt(path, segments, value)) return REDACTED;
    if (value === null || typeof value !== 'object') return value;
    const list = Array.isArray(value);
    const keys = list ? value.map((_, i) => i) : Object.keys(value);
    let copy: Record<string | number, unknown> | unknown[] | undefined;
    for (const key of keys) {
      const child = (value as Record<string | number, unknown>)[key];
      segments.push(key);
      const redacted = this.#redactAt(child, childPath(path, key), segments);
      segments.pop();
      if (redacted !== child && copy === undefined) {
        copy = list ? [...(value as unknown[])] : copyMapping(value as Record<string, unknown>);
        copyMarks(value, copy);
      }
      if (copy !== undefined) (copy as Record<string | number, unknown>)[key] = redacted;
    }
    return copy ?? value;
  }

  #collect(value: unknown, path: string, segments: PathSegment[], out: string[]): void {
    if (this.#sensitiveAt(path, segments, value)) {
      out.push(path);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (const key of keys) {
      segments.push(key);
      this.#collect((value as Record<string | number, unknown>)[key], childPath(path, key), segments, out);
      segments.pop();
    }
  }
}

/** Whether `pattern` (with `*` for any one key) matches the first segments of `segments`. */
function matches(pattern: readonly string[], segments: readonly PathSegment[]): boolean {
  return pattern.every((p, i) => p === '*' || p === String(segments[i]));
}

/** A shallow copy that keeps keys such as `__proto__` as own data properties. */
function copyMapping(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, key, value[key]);
  return out;
}

const segmentsOf = (path: string): PathSegment[] => (path === '' ? [] : parseKeyPath(path));

/** Whether `path` or one of its ancestors is in `set`. */
export function hasPathOrAncestor(set: ReadonlySet<string>, path: string): boolean {
  if (set.size === 0) return false;
  for (let at = path; at.length > 0; at = parentPath(at)) if (set.has(at)) return true;
  return false;
}
