/**
 * The options every command takes: the identity, the store, the env file, --debug.
 * Each falls back to its MXM_* variable (the identity builder reads those).
 */
import type { OptionSpec } from './command-line.js';

/** Parsed common options. */
export interface CommonOptions {
  readonly app?: string;
  readonly environment?: string;
  /** `--env`, the short spelling of `--environment`. */
  readonly env?: string;
  readonly machine?: string;
  readonly substrate?: string;
  readonly role?: string;
  readonly storeRoot?: string;
  readonly envFile?: string;
  /** `--vars-file`, the same as `--env-file` (which Node itself intercepts when the file is missing). */
  readonly varsFile?: string;
  readonly debug?: boolean;
  readonly json?: boolean;
}

/** The options every command takes. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { flag: 'app', value: '<app>', description: 'application (default: MXM_APP)' },
  { flag: 'environment', value: '<environment>', description: 'environment (default: MXM_ENVIRONMENT)' },
  { flag: 'env', value: '<environment>', description: 'the same as --environment' },
  { flag: 'machine', value: '<machine>', description: 'machine selector (default: MXM_MACHINE, machines.yaml, host name)' },
  { flag: 'substrate', value: '<substrate>', description: 'substrate (default: MXM_SUBSTRATE, else discovered)' },
  { flag: 'role', value: '<role>', description: 'role, also the secrets principal (default: MXM_ROLE)' },
  { flag: 'store-root', value: '<dir>', description: 'config store root (default: MXM_CONFIG_STORE, else ~/mxm-config-store)' },
  { flag: 'env-file', value: '<file>', description: 'dotenv file for ${oc.env:…} interpolations' },
  // Node scans every argument for --env-file and exits with its own error when that file is missing.
  { flag: 'vars-file', value: '<file>', description: 'the same as --env-file, which Node itself intercepts when the file is missing' },
  { flag: 'debug', description: 'print stack traces with errors' },
];

/** The identity fields given on the command line. */
export function identityInput(options: CommonOptions): Record<string, string | undefined> {
  return { app: options.app, environment: options.environment ?? options.env, machine: options.machine, substrate: options.substrate, role: options.role };
}
