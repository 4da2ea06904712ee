/**
 * Reading the command line with Node's own `util.parseArgs`: the command (one or two words), its
 * options and arguments, `--help` and `--version`. No argument-parsing library: the CLI runs at
 * the start of processes, and Node's parser costs nothing to load.
 *
 * Owns: command specs, parsing, help text and usage errors. Does not own: what commands do.
 */
import { parseArgs } from 'node:util';
import { MxmError, keepClassNames } from '../errors/mxm-error.js';

/** One option: `--store-root <dir>` (a value) or `--json` (a flag). */
export interface OptionSpec {
  /** The long name without dashes: `store-root`. */
  readonly flag: string;
  /** A placeholder for its value (`<dir>`); absent for a flag. */
  readonly value?: string | undefined;
  /** May be given more than once; the values are collected in order. */
  readonly multiple?: boolean | undefined;
  readonly description: string;
}

/** One command: `config`, or `secrets get`. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Positional arguments, all required: `<name>`. */
  readonly args?: readonly { readonly name: string; readonly description: string }[] | undefined;
  readonly options: readonly OptionSpec[];
  /** Options that must be given. */
  readonly required?: readonly string[] | undefined;
  /** Pairs of options that cannot be given together. */
  readonly conflicts?: readonly (readonly [string, string])[] | undefined;
}

/** What the command line asks for. */
export type Invocation =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly command: CommandSpec; readonly options: Record<string, unknown>; readonly args: string[] };

/** A mistake in what was typed; the CLI prints it with a pointer to --help and exits 2. */
export class UsageError extends MxmError {
  constructor(message: string) {
    super('CLI_USAGE', message);
  }
}

/** `store-root` → `storeRoot`; `no-resolve` → `resolve` (negated by {@link parseCommandLine}). */
function keyOf(flag: string): string {
  return flag.replace(/^no-/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Reads argv (without `node` and the script) against the command specs.
 *
 * @throws {UsageError} for an unknown command or option, a missing value, argument or required
 *   option, an extra argument, or options that conflict.
 */
export function parseCommandLine(argv: readonly string[], program: string, summary: string, commands: readonly CommandSpec[]): Invocation {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') return { kind: 'help', text: programHelp(program, summary, commands) };
  if (argv[0] === '--version' || argv[0] === '-V') return { kind: 'version' };
  const two = commands.find((c) => c.name === `${argv[0]} ${argv[1] ?? ''}`);
  const command = two ?? commands.find((c) => c.name === argv[0]);
  if (command === undefined) {
    const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
    if (group.length > 0) throw new UsageError(`'${program} ${argv[0]}' needs a subcommand: ${group.map((c) => c.name.split(' ')[1]).join(', ')}.`);
    throw new UsageError(`Unknown command '${argv[0]}'. Commands: ${commands.map((c) => c.name).join(', ')}.`);
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', text: commandHelp(program, command) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: Object.fromEntries(command.options.map((o) => [o.flag, { type: o.value === undefined ? 'boolean' : 'string', multiple: o.multiple === true }])),
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    // Node's wording, without its advice on positionals that begin with '-'.
    const why = ((error as Error).message.split('\n')[0] ?? '').replace(/\. To specify a positional argument.*$/, '');
    throw new UsageError(`${why} (in '${program} ${command.name}').`);
  }
  const options: Record<string, unknown> = {};
  for (const [flag, value] of Object.entries(parsed.values)) options[keyOf(flag)] = flag.startsWith('no-') ? !value : value;
  for (const flag of command.required ?? []) {
    if (parsed.values[flag] === undefined) throw new UsageError(`'${program} ${command.name}' needs --${flag}.`);
  }
  for (const [a, b] of command.conflicts ?? []) {
    if (parsed.values[a] !== undefined && parsed.values[b] !== undefined) throw new UsageError(`--${a} and --${b} cannot be used together.`);
  }
  const expected = command.args ?? [];
  if (parsed.positionals.length < expected.length) throw new UsageError(`'${program} ${command.name}' needs ${expected.map((a) => a.name).join(' ')}.`);
  if (parsed.positionals.length > expected.length) throw new UsageError(`Unexpected argument '${parsed.positionals[expected.length]}' for '${program} ${command.name}'.`);
  return { kind: 'run', command, options, args: parsed.positionals };
}

function optionLine(o: OptionSpec): [string, string] {
  return [`--${o.flag}${o.value === undefined ? '' : ` ${o.value}`}`, `${o.description}${o.multiple === true ? ' (repeatable)' : ''}`];
}

function columns(rows: readonly [string, string][]): string[] {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`);
}

function programHelp(program: string, summary: string, commands: readonly CommandSpec[]): string {
  return [`Usage: ${program} <command> [options]`, '', summary, '', 'Commands:', ...columns(commands.map((c) => [c.name, c.summary])), '', `Run '${program} <command> --help' for its options.`].join('\n');
}

function commandHelp(program: string, command: CommandSpec): string {
  const args = (command.args ?? []).map((a) => ` ${a.name}`).join('');
  return [
    `Usage: ${program} ${command.name}${args} [options]`,
    '',
    command.summary,
    ...((command.args ?? []).length > 0 ? ['', 'Arguments:', ...columns((command.args ?? []).map((a) => [a.name, a.description]))] : []),
    '',
    'Options:',
    ...columns([...command.options.map(optionLine), ['-h, --help', 'show this help']]),
  ].join('\n');
}

keepClassNames({ UsageError });
