/**
 * Reading the command line: the command (one or two words), its options and arguments, `--help`
 * and `--version`. No argument-parsing library: the CLI runs at the start of processes. The
 * options are read as Node's `util.parseArgs` reads them in strict mode, with its messages
 * (a differential test holds the two together); loading and first running Node's parser cost a
 * start about 1.3 ms on Node 22, this one a tenth of that.
 *
 * Owns: command specs, parsing, help text and usage errors. Does not own: what commands do.
 */
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
  const name = flag.startsWith('no-') ? flag.slice(3) : flag;
  let key = '';
  for (let i = 0; i < name.length; i += 1) {
    const next = name[i + 1];
    if (name[i] === '-' && next !== undefined && next >= 'a' && next <= 'z') {
      key += next.toUpperCase();
      i += 1;
    } else key += name[i];
  }
  return key;
}

/**
 * Reads argv (without `node` and the script) against the command specs.
 *
 * @throws {UsageError} for an unknown command or option, a missing value, argument or required
 *   option, an extra argument, or options that conflict.
 */
export function parseCommandLine(argv: readonly string[], program: string, summary: string, commands: readonly CommandSpec[]): Invocation {
  // `help config` is `config --help`; `help` alone, like no command, is the program's help.
  if (argv[0] === 'help' && argv.length > 1) return parseCommandLine([...argv.slice(1), '--help'], program, summary, commands);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') return { kind: 'help', text: programHelp(program, summary, commands) };
  if (argv[0] === '--version' || argv[0] === '-V') return { kind: 'version' };
  const two = commands.find((c) => c.name === `${argv[0]} ${argv[1] ?? ''}`);
  const command = two ?? commands.find((c) => c.name === argv[0]);
  if (command === undefined) {
    const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
    // `secrets --help`: the group's commands.
    if (group.length > 0 && (argv.includes('--help') || argv.includes('-h'))) return { kind: 'help', text: groupHelp(program, argv[0] as string, group) };
    if (group.length > 0) throw new UsageError(`'${program} ${argv[0]}' needs a subcommand: ${group.map((c) => c.name.split(' ')[1]).join(', ')}.`);
    throw new UsageError(`Unknown command '${argv[0]}'. Commands: ${commands.map((c) => c.name).join(', ')}.`);
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', text: commandHelp(program, command) };
  let parsed: ParsedOptions;
  try {
    parsed = parseOptions(rest, command.options);
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    // The parser's sentence (parseArgs' wording, which the differential test holds), with the way out where there is one.
    const advice = error.ambiguous === undefined ? '' : `: to give a value that starts with '-', write --${error.ambiguous}=<value>`;
    throw new UsageError(`${error.message.replace(/\.$/, '')}${advice} (in '${program} ${command.name}').`);
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

/** Options by long name (values in order of first appearance) and positionals, as `util.parseArgs` gives them. */
export interface ParsedOptions {
  readonly values: Record<string, string | boolean | string[]>;
  readonly positionals: string[];
}

/** A mistake in the options, in `util.parseArgs`'s words (the first line, without its advice on positionals). */
class OptionError extends Error {
  /** The option whose value looked like an option, when that was the mistake. */
  readonly ambiguous: string | undefined;

  constructor(message: string, ambiguous?: string) {
    super(message);
    this.ambiguous = ambiguous;
  }
}

/**
 * Reads options and positionals as `util.parseArgs({ strict: true, allowPositionals: true })` does
 * for long options only: `--` ends the options; `--name=value`; `--name value` for an option that
 * takes a value (the next argument, whatever it is, but one that looks like an option is refused as
 * ambiguous); `-x` and `-xyz` are short options, all unknown; `-` and everything else is positional.
 *
 * @throws {OptionError} for an unknown option, a missing or ambiguous value, or a value given to a flag.
 */
export function parseOptions(args: readonly string[], specs: readonly OptionSpec[]): ParsedOptions {
  const values: Record<string, string | boolean | string[]> = Object.create(null) as Record<string, string | boolean | string[]>;
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      // A loop, not push(...rest): a spread of some 100 000 arguments overflows the stack.
      for (let j = i + 1; j < args.length; j += 1) positionals.push(args[j] as string);
      break;
    }
    if (arg.length < 2 || arg[0] !== '-') {
      positionals.push(arg);
      continue;
    }
    // No option here has a short form: a short option, or a group of them, is unknown at its first letter.
    if (arg[1] !== '-') throw new OptionError(`Unknown option '-${arg[1]}'`);
    // As parseArgs: an argument has an inline value when an '=' follows the name's first
    // character, and is cut at its first '=' (`--=x` is the option '=x'; `--==` is '' with '=').
    const equals = arg.includes('=', 3) ? arg.indexOf('=') : -1;
    const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
    const spec = specs.find((o) => o.flag === name);
    if (spec === undefined) throw new OptionError(`Unknown option '--${name}'`);
    let value: string | undefined = equals === -1 ? undefined : arg.slice(equals + 1);
    if (spec.value === undefined) {
      if (value !== undefined) throw new OptionError(`Option '--${name}' does not take an argument`);
      values[name] = true;
      continue;
    }
    if (value === undefined && i + 1 < args.length) {
      value = args[++i] as string;
      if (value.length > 1 && value[0] === '-') throw new OptionError(`Option '--${name}' argument is ambiguous.`, name);
    }
    if (value === undefined) throw new OptionError(`Option '--${name} <value>' argument missing`);
    if (spec.multiple === true) {
      const seen = values[name];
      if (Array.isArray(seen)) seen.push(value);
      else values[name] = [value];
    } else values[name] = value;
  }
  return { values, positionals };
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

function groupHelp(program: string, group: string, commands: readonly CommandSpec[]): string {
  return [`Usage: ${program} ${group} <command> [options]`, '', 'Commands:', ...columns(commands.map((c) => [c.name, c.summary])), '', `Run '${program} ${group} <command> --help' for its options.`].join('\n');
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
