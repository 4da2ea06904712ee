/**
 * The mxm-runtime command: parses the command line, loads the command's module (only that one, so
 * starting the CLI costs little more than starting Node) and runs it. main.ts runs it from the
 * compiled sources; the `mxm-runtime` bin runs the bundled copy.
 */
import { readFileSync } from 'node:fs';
import { parseCommandLine, type CommandSpec, type OptionSpec } from './command-line.js';
import { COMMON_OPTIONS, type CommonOptions } from './identity-options.js';
import { killRunningGroups, watchRunningGroups } from '../secrets/running-groups.js';
import { reportError } from './output.js';
import { writeStdout } from './standard-streams.js';

type Action = (options: CommonOptions & Record<string, unknown>, args: string[]) => Promise<void>;
type Runnable = CommandSpec & { readonly load: () => Promise<{ default: Action }> };

const JSON_OPTION = (what: string): OptionSpec => ({ flag: 'json', description: what });
const command = (spec: Omit<Runnable, 'options'> & { readonly options?: readonly OptionSpec[] }): Runnable => ({ ...spec, options: [...COMMON_OPTIONS, ...(spec.options ?? [])] });

const COMMANDS: readonly Runnable[] = [
  command({ name: 'identity', summary: 'show the runtime identity and the evidence behind it', options: [JSON_OPTION('print one JSON object')], load: () => import('./commands/identity.js') }),
  command({
    name: 'config',
    summary: 'show the resolved configuration',
    options: [
      JSON_OPTION('print the resolved config as one JSON object'),
      { flag: 'yaml', description: 'print YAML (the default)' },
      { flag: 'set', value: '<key.path=value>', multiple: true, description: 'override a value (the value is read as YAML)' },
      { flag: 'explain', value: '<key.path>', description: 'where the value came from: layer, file:line, what it replaced' },
      { flag: 'layers', description: 'the layer plan: each file considered, found or absent, and its selector' },
      { flag: 'no-resolve', description: 'show values before interpolation' },
    ],
    conflicts: [['json', 'yaml']],
    load: () => import('./commands/config.js'),
  }),
  command({
    name: 'diff',
    summary: 'compare the resolved config with another identity',
    options: [{ flag: 'against', value: '<field=value>', multiple: true, description: 'identity fields of the other side' }, JSON_OPTION('print the differences as JSON')],
    required: ['against'],
    load: () => import('./commands/diff.js'),
  }),
  command({ name: 'secrets list', summary: 'configured secrets and whether this role may read each', options: [JSON_OPTION('print JSON')], load: () => import('./commands/secrets-list.js') }),
  command({ name: 'secrets check', summary: "readiness of every store's backend (exit 1 if any is not ready)", options: [JSON_OPTION('print JSON')], load: () => import('./commands/secrets-check.js') }),
  command({ name: 'secrets get', summary: 'print one secret value', args: [{ name: '<name>', description: 'the secret name' }], load: () => import('./commands/secrets-get.js') }),
  command({ name: 'context', summary: 'summary of the runtime context', options: [JSON_OPTION('print JSON')], load: () => import('./commands/context.js') }),
  command({ name: 'snapshot', summary: 'the context snapshot, as JSON', load: () => import('./commands/snapshot.js') }),
  command({ name: 'doctor', summary: 'check store, layers, schema, secrets, paths and identity claims', options: [JSON_OPTION('print JSON')], load: () => import('./commands/doctor.js') }),
];

/**
 * Runs `mxm-runtime` with these arguments (without node and the script), writing to stdout and
 * stderr and setting `process.exitCode`. While a secret backend runs, SIGINT, SIGTERM and SIGHUP
 * end its process trees and exit 130, 143 and 129.
 *
 * @throws nothing: every error is reported on stderr (exit 1; usage errors exit 2).
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  // Interrupted while a backend runs: end every backend process tree this process started, then exit
  // as a shell expects (128 + signal number). Handlers are installed only while one runs: otherwise
  // the signal's default action ends the process at once, even in the middle of a long parse.
  const INTERRUPTS = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const;
  const onInterrupt = new Map<NodeJS.Signals, () => void>(
    INTERRUPTS.map(([signal, code]) => [
      signal,
      () => {
        killRunningGroups();
        process.exit(code);
      },
    ]),
  );
  watchRunningGroups((running) => {
    for (const [signal] of INTERRUPTS) {
      const handler = onInterrupt.get(signal) as () => void;
      if (running > 0) process.on(signal, handler);
      else process.off(signal, handler);
    }
  });
  const debug = argv.includes('--debug');
  try {
    const invocation = parseCommandLine(argv, 'mxm-runtime', 'Runtime identity, layered configuration, secrets and service assembly for MXM applications.', COMMANDS);
    if (invocation.kind === 'help') writeStdout(`${invocation.text}\n`);
    else if (invocation.kind === 'version') {
      const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
      writeStdout(`${pkg.version}\n`);
    } else {
      const action = (await (invocation.command as Runnable).load()).default;
      const options = invocation.options as CommonOptions & Record<string, unknown>;
      await action(options.varsFile !== undefined && options.envFile === undefined ? { ...options, envFile: options.varsFile } : options, invocation.args);
    }
  } catch (error) {
    reportError(error, debug);
  }
}
