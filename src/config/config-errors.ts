/**
 * Errors of the configuration area.
 *
 * Owns: the error class every config failure is thrown as, and the codes it carries.
 */
import { MxmError, formatProblems, type Problem, keepClassNames } from '../errors/mxm-error.js';

/** Codes a {@link ConfigError} may carry. */
export type ConfigErrorCode =
  | 'CONFIG_STORE_NOT_FOUND'
  | 'CONFIG_APP_NOT_FOUND'
  | 'CONFIG_FILE_NOT_FOUND'
  | 'CONFIG_FILE_UNREADABLE'
  | 'CONFIG_YAML_INVALID'
  | 'CONFIG_YAML_LIMIT'
  | 'CONFIG_NOT_A_MAPPING'
  | 'CONFIG_MERGE_CONFLICT'
  | 'CONFIG_SELECTOR_NOT_FOUND'
  | 'CONFIG_OVERRIDE_INVALID'
  | 'CONFIG_ENV_FILE_INVALID'
  | 'CONFIG_INTERPOLATION_CYCLE'
  | 'CONFIG_INTERPOLATION_MISSING_KEY'
  | 'CONFIG_INTERPOLATION_INVALID'
  | 'CONFIG_INTERPOLATION_MISSING_ENV'
  | 'CONFIG_KEY_NOT_FOUND'
  | 'CONFIG_NOT_A_SECTION'
  | 'CONFIG_INVALID_PATH'
  | 'CONFIG_VALIDATION_FAILED'
  | 'CONFIG_SCHEMA_INVALID'
  | 'CONFIG_READ_ONLY'
  | 'CONFIG_LIMIT_EXCEEDED'
  | 'CONFIG_LIMIT_INVALID'
  | 'CONFIG_INTERPOLATION_RESOLVER_FAILED';

/** Thrown for every configuration failure; `code` says which. */
export class ConfigError extends MxmError {
  declare readonly code: ConfigErrorCode;

  constructor(code: ConfigErrorCode, message: string, options: { problems?: readonly Problem[]; cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/** Thrown when the resolved configuration breaks its schema; lists every problem at once. */
export class ConfigValidationError extends ConfigError {
  constructor(problems: readonly Problem[]) {
    super('CONFIG_VALIDATION_FAILED', `Configuration is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${formatProblems(problems)}`, {
      problems,
    });
  }
}

keepClassNames({ ConfigError, ConfigValidationError });
