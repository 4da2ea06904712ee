/**
 * The budgets of configuration loading: every quantity a small hostile input could make grow.
 *
 * Owns: the defaults, checking caller-supplied limits, and the error a spent budget ends in. Each
 * budget is checked while the work goes on (never after), so a runaway input stops early, with a
 * {@link ConfigError} `CONFIG_LIMIT_EXCEEDED` naming the limit and the key path where it was hit.
 */
import { ConfigError } from './config-errors.js';

/** Budgets of one configuration load. All are positive integers. */
export interface ConfigLimits {
  /** Largest configuration file (and env file) read, in bytes. */
  readonly maxFileBytes: number;
  /**
   * What interpolation may produce in all, in characters: strings built, text copied by references,
   * and 32 for every mapping, list or scalar a reference copies (about its size in memory).
   */
  readonly maxInterpolationOutput: number;
  /** Interpolations evaluated in all (each `${…}` counts, wherever it appears). */
  readonly maxResolutions: number;
  /** Longest chain of references followed (`a: ${b}`, `b: ${c}` … is a chain). */
  readonly maxReferenceDepth: number;
  /** Deepest nesting of `${` inside one value (`${a.${b.${c}}}` nests 3). */
  readonly maxExpressionNesting: number;
  /** Most segments in one key path (`--set a.b.c=…`, overrides, references). */
  readonly maxKeyPathSegments: number;
}

/** The defaults: generous for any real store, small enough that a hostile one fails in milliseconds. */
export const DEFAULT_CONFIG_LIMITS: ConfigLimits = Object.freeze({
  maxFileBytes: 4 * 1024 * 1024,
  maxInterpolationOutput: 16 * 1024 * 1024,
  maxResolutions: 1_000_000,
  maxReferenceDepth: 128,
  maxExpressionNesting: 64,
  maxKeyPathSegments: 256,
});

/**
 * The defaults with the caller's changes, each checked.
 *
 * @throws {ConfigError} `CONFIG_LIMIT_INVALID` for an unknown limit or a value that is not a positive integer.
 */
export function configLimits(overrides: Partial<ConfigLimits> | undefined): ConfigLimits {
  if (overrides === undefined) return DEFAULT_CONFIG_LIMITS;
  for (const [name, value] of Object.entries(overrides)) {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_CONFIG_LIMITS, name)) {
      throw new ConfigError('CONFIG_LIMIT_INVALID', `Unknown config limit '${name}'. Known limits: ${Object.keys(DEFAULT_CONFIG_LIMITS).join(', ')}.`);
    }
    if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)) {
      throw new ConfigError('CONFIG_LIMIT_INVALID', `Config limit '${name}' must be a positive integer, got ${typeof value === 'number' ? String(value) : typeof value}.`);
    }
  }
  return Object.freeze({ ...DEFAULT_CONFIG_LIMITS, ...overrides });
}

/** The error for a spent budget: which limit, its value, where, and how to raise it. */
export function limitExceeded(limit: keyof ConfigLimits, value: number, where: string): ConfigError {
  return new ConfigError('CONFIG_LIMIT_EXCEEDED', `${where} exceeds the limit ${limit} = ${value}. Raise it with the \`limits\` option if this store is legitimate.`);
}
