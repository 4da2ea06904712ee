/**
 * The resolvers an interpolation may call: OmegaConf's `oc.env`, `oc.select`, `oc.decode`,
 * `oc.create`, `oc.dict.keys`, `oc.dict.values`, and
 * mxm-config's `env`, `cwd`, `home`.
 *
 * Owns: what each resolver returns and when it fails. Resolvers are pure functions of their
 * arguments and the environment lookup, so resolution stays deterministic for equal inputs.
 */
import { homedir } from 'node:os';
import { ConfigError } from './config-errors.js';
import { isMapping } from './key-path.js';
import { pythonStr } from './python-text.js';
import { boxedAt, keyTypeOf, PyFloat } from './python-values.js';

/** What a resolver may use besides its arguments. */
export interface ResolverContext {
  /** Looks a variable up: the process environment first, then the env file. */
  readonly env: (name: string) => string | undefined;
  /**
   * Selects a key of the configuration (for `oc.select`), its value resolved; with `whole`
   * false, only the interpolations on the way to it are (`oc.dict.keys` needs no values).
   */
  readonly select: (key: string, whole?: boolean) => { found: boolean; value: unknown };
  /** Describes the key being resolved, for error messages. */
  readonly where: string;
  /** Reads text as OmegaConf's `oc.decode` does: a primitive, quoted string, list or dict. */
  readonly decode: (text: string) => unknown;
}

/**
 * A resolver: arguments in, value out. Set `sensitive = true` on a resolver whose values are
 * secrets (a vault lookup): every value built with it is then redacted in every output.
 */
export type Resolver = ((args: readonly unknown[], context: ResolverContext) => unknown) & { readonly sensitive?: boolean };

function envResolver(ocStyle: boolean): Resolver {
  return (args, context) => {
    const [name, ...rest] = args;
    if (rest.length > 1) {
      // As Python's env(key, default=None): one default at most (an unescaped comma makes two).
      throw new ConfigError('CONFIG_INTERPOLATION_INVALID', `${context.where}: the env resolver takes a variable name and at most one default, got ${args.length} arguments (escape a comma in a default as \\,).`);
    }
    if (typeof name !== 'string' || name.length === 0) {
      throw new ConfigError('CONFIG_INTERPOLATION_INVALID', `${context.where}: the env resolver needs a variable name, e.g. \${oc.env:HOME}.`);
    }
    const value = context.env(name);
    if (value !== undefined) return value;
    if (rest.length > 0) {
      const fallback = rest[0];
      // oc.env renders its default as Python's str() does (`true` → 'True', `1.0` → '1.0'; null stays
      // null); mxm's env returns it as given.
      return ocStyle && fallback !== null ? pythonStr(fallback) : fallback;
    }
    throw new ConfigError(
      'CONFIG_INTERPOLATION_MISSING_ENV',
      `${context.where}: environment variable '${name}' is not set (and no default was given, as in \${oc.env:${name},default}).`,
    );
  };
}

/** The mapping an `oc.dict.*` resolver's key names; an error when it is missing or not a mapping. */
function dictArgument(name: string, args: readonly unknown[], context: ResolverContext, whole = true): Record<string, unknown> {
  const [key] = args;
  if (typeof key !== 'string') throw new ConfigError('CONFIG_INTERPOLATION_INVALID', `${context.where}: ${name} takes the key of a mapping, e.g. \${${name}:section}.`);
  const found = context.select(key, whole);
  if (!found.found) throw new ConfigError('CONFIG_INTERPOLATION_MISSING_KEY', `${context.where}: ${name} names '${key}', which does not exist.`);
  if (!isMapping(found.value)) throw new ConfigError('CONFIG_INTERPOLATION_INVALID', `${context.where}: ${name} names '${key}', which is not a mapping.`);
  return found.value;
}

/** A key as Python holds it: an int key is a number, a bool key a boolean. */
function pythonKey(mapping: Record<string, unknown>, key: string): unknown {
  const type = keyTypeOf(mapping, key);
  if (type === 'int') return /^-?\d+$/.test(key) && Math.abs(Number(key)) <= Number.MAX_SAFE_INTEGER ? Number(key) : BigInt(key);
  if (type === 'bool') return key === 'True';
  if (type === 'float') return new PyFloat(Number(key));
  return key;
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
  ['oc.decode', (args, context) => {
    const [text] = args;
    if (text === null) return null;
    if (typeof text !== 'string') throw new ConfigError('CONFIG_INTERPOLATION_INVALID', `${context.where}: oc.decode takes a string or null, not ${pythonStr(text)}.`);
    // A decoded mapping is a mapping here; OmegaConf's own decode hands back a DictConfig node.
    return context.decode(text);
  }],
  ['oc.create', (args, context) => {
    const [value] = args;
    if (typeof value === 'string') return context.decode(value);
    return value;
  }],
  ['oc.dict.keys', (args, context) => {
    // Keys only: the values are not resolved (a key may list its own mapping's keys).
    const mapping = dictArgument('oc.dict.keys', args, context, false);
    return Object.keys(mapping).map((key) => pythonKey(mapping, key));
  }],
  ['oc.dict.values', (args, context) => {
    const mapping = dictArgument('oc.dict.values', args, context);
    // OmegaConf reaches each value by the path `key.k`, which finds no int, bool or float key.
    const unreachable = Object.keys(mapping).find((k) => keyTypeOf(mapping, k) !== 'str');
    if (unreachable !== undefined) {
      throw new ConfigError('CONFIG_INTERPOLATION_MISSING_KEY', `${context.where}: oc.dict.values cannot reach the ${keyTypeOf(mapping, unreachable)} key ${unreachable} (OmegaConf reaches values by key path, which names string keys only).`);
    }
    // boxedAt keeps an integral float a float on its way into the list.
    return Object.keys(mapping).map((k) => boxedAt(mapping, k));
  }],
  ['cwd', () => process.cwd()],
  ['home', () => homedir()],
]);
