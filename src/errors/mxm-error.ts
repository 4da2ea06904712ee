/**
 * The base of every error this library throws.
 *
 * Owns: the `code` every caller can switch on, and the list of `problems` an aggregate error carries.
 * Does not own: how an error is printed (the CLI does that) — messages here are complete sentences
 * that name the file, key path or selector involved and what was available.
 */

/** One problem found while checking input; aggregate errors carry several. */
export interface Problem {
  /** Where the problem is: a key path, a field name, a secret or module name. */
  readonly path: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** Where the offending value came from (`layer file:line`), when known. */
  readonly source?: string;
}

/**
 * Gives each class the name it is written with, where a minified bundle renamed it: an error's
 * `name` (`ConfigError: …`) and an object's inspected form come from its class's name. The
 * bundles do not keep every function's name (keeping them costs every start about 3 ms); the
 * library bundle's entry also names every exported function with this.
 */
export function keepClassNames(classes: Readonly<Record<string, abstract new (...args: never[]) => unknown>>): void {
  for (const [name, cls] of Object.entries(classes)) {
    if (cls.name !== name) Object.defineProperty(cls, 'name', { value: name, configurable: true });
  }
}

/** Base class of all errors thrown by mxm-runtime; `code` is stable and machine-readable. */
export class MxmError extends Error {
  /** Stable, machine-readable error code, e.g. `CONFIG_SELECTOR_NOT_FOUND`. */
  readonly code: string;
  /** Every problem behind this error; empty for errors that describe one fault. */
  readonly problems: readonly Problem[];

  constructor(code: string, message: string, options: { problems?: readonly Problem[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.problems = Object.freeze([...(options.problems ?? [])]);
  }
}
keepClassNames({ MxmError });

// C0 and C1 controls, DEL, line and paragraph separators, and bidirectional overrides ("Trojan source").
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text with every control character written as an escape (`\n`, `\u001b`), so text from input —
 * a secret name, a key, an argument — cannot move the cursor, colour a terminal or start a line
 * that reads like one of ours (`hint: …`).
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** Formats problems as indented lines, for the body of an aggregate error message; each field is escaped. */
export function formatProblems(problems: readonly Problem[]): string {
  const e = escapeControlCharacters;
  return problems.map((p) => `  - ${e(p.path)}: ${e(p.message)}${p.source === undefined ? '' : ` (from ${e(p.source)})`}`).join('\n');
}

/** Lists names for an error message: `a, b, c`, or `(none)` when there are none. */
export function listNames(names: Iterable<string>): string {
  const all = [...names];
  return all.length === 0 ? '(none)' : all.join(', ');
}
