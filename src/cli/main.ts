#!/usr/bin/env node
/**
 * The mxm-runtime command. Each command's module is imported only when it runs, so starting the
 * CLI costs little more than starting Node.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { withCommonOptions, type CommonOptions } from './identity-options.js';
import { reportError } from './output.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

type Action = (options: CommonOptions & Record<string, unknown>, args: string[]) => Promise<void>;

/** Runs a command's action, reporting errors the CLI way. */
function run(load: () => Promise<{ default: Action }>) {
  return async (...received: unknown[]): Promise<void> => {
    const command = received[received.length - 1] as Command;
    const options = command.opts<CommonOptions & Record<string, unknown>>();
    const args = received.slice(0, -2).filter((a): a is string => typeof a === 'string');
    try {
      const action = (await load()).default;
      await action(options, args);
    } catch (error) {
      reportError(error, options.debug === true);
    }
  };
}

const program = new Command('mxm-runtime')
  .description('Runtime identity, layered configuration, secrets and service assembly for MXM applications.')
  .version(pkg.version)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

withCommonOptions(program.command('identity').description('show the runtime identity and the evidence behind it'))
  .option('--json', 'print one JSON object')
  .action(run(() => import('./commands/identity.js')));

withCommonOptions(program.command('config').description('show the resolved configuration'))
  .option('--json', 'print the resolved config as one JSON object')
  .addOption(new Option('--yaml', 'print YAML (the default)').conflicts('json'))
  .option('--set <key.path=value>', 'override a value (repeatable; the value is read as YAML)', (v: string, all: string[]) => [...all, v], [] as string[])
  .option('--explain <key.path>', 'where the value came from: layer, file:line, what it replaced')
  .option('--layers', 'the layer plan: each file considered, found or absent, and its selector')
  .option('--no-resolve', 'show values before interpolation')
  .action(run(() => import('./commands/config.js')));

withCommonOptions(program.command('diff').description('compare the resolved config with another identity'))
  .requiredOption('--against <field=value>', 'identity fields of the other side (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
  .option('--json', 'print the differences as JSON')
  .action(run(() => import('./commands/diff.js')));

const secrets = program.command('secrets').description('list, check and read secrets');
withCommonOptions(secrets.command('list').description('configured secrets and whether this role may read each'))
  .option('--json', 'print JSON')
  .action(run(() => import('./commands/secrets-list.js')));
withCommonOptions(secrets.command('check').description("readiness of every store's backend (exit 1 if any is not ready)"))
  .option('--json', 'print JSON')
  .action(run(() => import('./commands/secrets-check.js')));
withCommonOptions(secrets.command('get').description('print one secret value').argument('<name>', 'the secret name'))
  .action(run(() => import('./commands/secrets-get.js')));

withCommonOptions(program.command('context').description('summary of the runtime context'))
  .option('--json', 'print JSON')
  .action(run(() => import('./commands/context.js')));

withCommonOptions(program.command('snapshot').description('the context snapshot, as JSON')).action(run(() => import('./commands/snapshot.js')));

withCommonOptions(program.command('doctor').description('check store, layers, schema, secrets, paths and identity claims'))
  .option('--json', 'print JSON')
  .action(run(() => import('./commands/doctor.js')));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors (already printed by commander) exit 2.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    reportError(error, process.argv.includes('--debug'));
  }
}
