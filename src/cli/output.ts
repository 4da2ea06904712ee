/**
 * What every command shares when it writes: JSON on stdout, plain lines, colour only on a TTY
 * (never with NO_COLOR), and errors as one `error:` line (details indented, a hint where one helps).
 */
import { pythonJson } from '../config/python-json.js';
import { REDACTED } from '../config/redaction.js';
import { escapeControlCharacters, formatProblems, MxmError } from '../errors/mxm-error.js';
import { isTerminal, writeStderr, writeStdout } from './standard-streams.js';

/** Sensitive values of the configurations a command loaded, longest first. */
let hidden: readonly string[] = [];

/**
 * Keeps the sensitive values of `config` out of everything this module prints. Redaction by key
 * path covers the configuration itself; this covers what services made from it print — a data
 * root or a database host built from a secret — and errors that quote such text.
 */
export function hideValuesOf(config: { sensitiveValues(): readonly string[] }): void {
  hidden = [...new Set([...hidden, ...config.sensitiveValues()])].sort((a, b) => b.length - a.length);
}

/** `text` with every hidden value replaced by `<redacted>`. */
function scrub(text: string): string {
  let out = text;
  for (const value of hidden) if (out.includes(value)) out = out.split(value).join(REDACTED);
  return out;
}

/**
 * Writes exactly one JSON document to stdout, numbers as Python's json.dumps writes them
 * (`1.0`, exact big ints, `Infinity` and `NaN` rather than `null`).
 */
export function printJson(value: unknown): void {
  writeStdout(scrub(`${pythonJson(value, 2)}\n`));
}

/** Writes lines to stdout. */
export function printLines(lines: readonly string[]): void {
  writeStdout(scrub(`${lines.join('\n')}\n`));
}

const useColour = (): boolean => process.env['NO_COLOR'] === undefined && isTerminal(1);

/** Bold, when colour is allowed. */
export function bold(text: string): string {
  return useColour() ? `\u001b[1m${text}\u001b[22m` : text;
}

/** Green or red for a pass or a failure, when colour is allowed. */
export function status(ok: boolean, text: string): string {
  if (!useColour()) return text;
  return ok ? `\u001b[32m${text}\u001b[39m` : `\u001b[31m${text}\u001b[39m`;
}

const HINTS: Readonly<Record<string, string>> = {
  IDENTITY_INVALID: 'pass --app, --environment and --role, or set MXM_APP, MXM_ENVIRONMENT and MXM_ROLE',
  CONFIG_APP_NOT_FOUND: 'check --app, or --store-root',
  CONFIG_SELECTOR_NOT_FOUND: 'add a block for it to the file, or pick one of the available selectors',
  SECRET_ACCESS_DENIED: "the secret's policy does not list this role; run `mxm-runtime secrets list` to see what it may read",
  SECRET_UNKNOWN: 'run `mxm-runtime secrets list` to see the configured secrets',
};

/**
 * An error's message safe for a terminal: control characters escaped everywhere, so input echoed in
 * it cannot forge lines; an aggregate error's problem list keeps its own (escaped) lines.
 */
function printableMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof MxmError && error.problems.length > 0) {
    const body = formatProblems(error.problems);
    if (message.endsWith(`\n${body}`)) return `${escapeControlCharacters(message.slice(0, -body.length - 1))}\n${body}`;
  }
  return escapeControlCharacters(message);
}

/** Codes of errors in what was typed rather than in the store: they exit 2, as usage errors do. */
const USAGE_CODES: ReadonlySet<string> = new Set(['CLI_USAGE', 'CONFIG_OVERRIDE_INVALID']);

/** Prints an error the CLI way and sets exit code 1 (2, with a pointer to --help, for a usage error). */
export function reportError(error: unknown, debug: boolean): void {
  const lines = [`error: ${printableMessage(error)}`];
  const usage = error instanceof MxmError && USAGE_CODES.has(error.code);
  if (usage) {
    lines.push('(run with --help for usage)');
  } else if (error instanceof MxmError) {
    const hint = HINTS[error.code];
    if (hint !== undefined) lines.push(`hint: ${hint}`);
  } else if (!debug) {
    lines.push('hint: this looks like a bug in mxm-runtime; run again with --debug for the stack trace');
  }
  if (debug && error instanceof Error && error.stack !== undefined) lines.push(error.stack);
  writeStderr(scrub(`${lines.join('\n')}\n`));
  process.exitCode = usage ? 2 : 1;
}
