/**
 * The resolvers an interpolation may call: OmegaConf's `oc.env`, `oc.select`, `oc.decode`, and
 * mxm-config's `env`, `cwd`, `home`.
 *
 * Owns: what each resolver returns and when it fails. Resolvers are pure functions of their
 * arguments and the environment lookup, so resolution stays deterministic for equal inputs.
 */
import { homedir } from 'node:os';
import { ConfigError } from './config-errors.js';
import { parsePrimitive } from './python-text.js';

/** What a resolver may use besides its arguments. */
export interface ResolverContext {
  /** Looks a variable up: the process environment first, then the env file. */
  readonly env: (name: string) => string | undefined;
  /** Selects a key of the configuration (for `oc.select`). */
  readonly select: (key: string) => { found: boolean; value: unknown };
  /** Describes the key being resolved, for error messages. */
  readonly where: string;
}

/**
 * A resolver: arguments in, value out. Set `sensitive = true` on a resolver whose values are
 * secrets (a vault lookup): every value built with it is then redacted in every output.
 */
export type Resolver = ((args: readonly unknown[], context: ResolverContext) => unknown) & { readonly sensitive?: boolean };

function envResolver(ocStyle: boolean): Resolver {
  return (args, context) => {
    const [name, ...rest] = args;
    if (typeof name !== 'string' || name.length === 0) {
      throw new ConfigError('CONFIG_INTERPOLATION_INVALID', `${context.where}: the env resolver needs a variable name, e.g. \${oc.env:HOME}.`);
    }
    const value = context.env(name);
    if (value !== undefined) return value;
    if (rest.length > 0) {
      const fallback = rest[0];
      // oc.env renders its default as a string (null stays null); mxm's env returns it as given.
      return ocStyle && fallback !== null ? String(fallback) : fallback;
    }
    throw new ConfigError(
      'CONFIG_INTERPOLATION_MISSING_ENV',
      `${context.where}: environment variable '${name}' is not set (and no default was given, as in \${oc.env:${name},default}).`,
    );
  };
}

/** The built-in resolvers, by name. */
export const BUILTIN_RESOLVERS: ReadonlyMap<string, Resolver> = new Map<string, Resolver>([
  ['oc.env', envResolver(true)],
  ['env', envResolver(false)],
  ['oc.select', (args, context) => {
    const [key, ...rest] = args;
    if (typeof key !== 'string') throw new ConfigError('CONFIG_INTERPOLATION_INVALID', `${context.where}: oc.select needs a key.`);
    const found = context.select(key);
    if (found.found) return found.value;
    return rest.length > 0 ? rest[0] : null;
  }],
  ['oc.decode', (args) => (typeof args[0] === 'string' ? parsePrimitive(args[0].trim()) : args[0])],
  ['cwd', () => process.cwd()],
  ['home', () => homedir()],
]);
