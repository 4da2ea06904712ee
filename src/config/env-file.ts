/**
 * Variables for `${oc.env:…}`: the process environment, then an optional env file.
 *
 * The env file is parsed with dotenv and never written to `process.env` (a library must not
 * change its host's environment). A variable set in the process wins over the file, as dotenv's
 * own loading does. Owns: that lookup.
 */
import { decodeUtf8, FileReadError, readRegularFileSync } from '../files/read-regular-file.js';
import { IN_BUNDLE, requireFrom } from '../startup/package-require.js';
import { ConfigError } from './config-errors.js';
import { DEFAULT_CONFIG_LIMITS } from './limits.js';

// dotenv is loaded only when an env file is given: most starts have none, and loading costs.
// In a bundle, esbuild turns the require into the bundled module's lazy initializer.
const parseDotenv = (text: string): Record<string, string> =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ((IN_BUNDLE ? require('dotenv') : requireFrom(import.meta.url)('dotenv')) as typeof import('dotenv')).parse(text);

/** Looks a variable up by name. */
export type EnvLookup = (name: string) => string | undefined;

/**
 * Builds the lookup: process environment first, then the env file's variables.
 *
 * @param maxBytes - the largest env file read.
 * @throws {ConfigError} `CONFIG_ENV_FILE_INVALID` when the env file cannot be read: absent,
 *   permission denied, not a regular file (a FIFO, a device), over `maxBytes`, or not UTF-8.
 */
export function envLookup(envFile?: string, env: Readonly<Record<string, string | undefined>> = process.env, maxBytes = DEFAULT_CONFIG_LIMITS.maxFileBytes): EnvLookup {
  if (envFile === undefined) return (name) => env[name];
  let fileVars: Record<string, string>;
  try {
    fileVars = parseDotenv(decodeUtf8(readRegularFileSync(envFile, maxBytes)));
  } catch (cause) {
    if (!(cause instanceof FileReadError)) throw cause;
    throw new ConfigError('CONFIG_ENV_FILE_INVALID', `Env file ${envFile} ${cause.description}.`, { cause });
  }
  return (name) => env[name] ?? (Object.prototype.hasOwnProperty.call(fileVars, name) ? fileVars[name] : undefined);
}
