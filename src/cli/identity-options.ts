/**
 * The options every command takes: the identity, the store, the env file, --debug.
 * Each falls back to its MXM_* variable (the identity builder reads those).
 */
import type { Command } from 'commander';

/** Parsed common options. */
export interface CommonOptions {
  readonly app?: string;
  readonly environment?: string;
  /** Commander files `--environment, --env` under `env`. */
  readonly env?: string;
  readonly machine?: string;
  readonly substrate?: string;
  readonly role?: string;
  readonly storeRoot?: string;
  readonly envFile?: string;
  readonly debug?: boolean;
  readonly json?: boolean;
}

/** Adds the common options to a command. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--app <app>', 'application (default: MXM_APP)')
    .option('--environment, --env <environment>', 'environment (default: MXM_ENVIRONMENT)')
    .option('--machine <machine>', 'machine selector (default: MXM_MACHINE, machines.yaml, host name)')
    .option('--substrate <substrate>', 'substrate (default: MXM_SUBSTRATE, else discovered)')
    .option('--role <role>', 'role, also the secrets principal (default: MXM_ROLE)')
    .option('--store-root <dir>', 'config store root (default: MXM_CONFIG_STORE, else ~/mxm-config-store)')
    .option('--env-file <file>', 'dotenv file for ${oc.env:…} interpolations')
    .option('--debug', 'print stack traces with errors');
}

/** The identity fields given on the command line. */
export function identityInput(options: CommonOptions): Record<string, string | undefined> {
  return { app: options.app, environment: options.environment ?? options.env, machine: options.machine, substrate: options.substrate, role: options.role };
}
