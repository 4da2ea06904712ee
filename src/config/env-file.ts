/**
 * Variables for `${oc.env:…}`: the process environment, then an optional env file.
 *
 * The env file is parsed with dotenv and never written to `process.env` (a library must not
 * change its host's environment). A variable set in the process wins over the file, as dotenv's
 * own loading does. Owns: that lookup.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigError } from './config-errors.js';

// dotenv is loaded only when an env file is given: most starts have none, and loading costs.
const require = createRequire(import.meta.url);
const parseDotenv = (text: Buffer): Record<string, string> => (require('dotenv') as typeof import('dotenv')).parse(text);

/** Looks a variable up by name. */
export type EnvLookup = (name: string) => string | undefined;

/**
 * Builds the lookup: process environment first, then the env file's variables.
 *
 * @throws {ConfigError} `CONFIG_ENV_FILE_INVALID` when the env file cannot be read.
 */
export function envLookup(envFile?: string, env: Readonly<Record<string, string | undefined>> = process.env): EnvLookup {
  if (envFile === undefined) return (name) => env[name];
  let fileVars: Record<string, string>;
  try {
    fileVars = parseDotenv(readFileSync(envFile));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'EIO';
    throw new ConfigError('CONFIG_ENV_FILE_INVALID', `Cannot read env file ${envFile}: ${code}.`, { cause });
  }
  return (name) => env[name] ?? (Object.prototype.hasOwnProperty.call(fileVars, name) ? fileVars[name] : undefined);
}
