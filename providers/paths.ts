/**
 * The paths provider: binds PATHS from `mxm_paths` (`data_root`, `artifact_root`, `export_root`,
 * `log_root`). `~` is expanded; every root must be absolute; missing keys are listed together.
 * A store without an `mxm_paths` section binds nothing, so asking for PATHS says it is unbound.
 */
import { isAbsolute, normalize } from 'node:path';
import { expandHome } from '../src/config/store.js';
import { MxmError, formatProblems, type Problem, keepClassNames } from '../src/errors/mxm-error.js';
import { defineProviderModule } from '../src/container/runtime-module.js';
import type { RuntimePaths } from '../src/container/services.js';
import { PATHS } from '../src/container/tokens.js';
import { PATHS_SCHEMA } from './config-sections.js';

const KEYS = [
  ['dataRoot', 'data_root'],
  ['artifactRoot', 'artifact_root'],
  ['exportRoot', 'export_root'],
  ['logRoot', 'log_root'],
] as const;

/** Thrown when `mxm_paths` is incomplete or holds relative paths; lists every problem. */
export class PathsConfigError extends MxmError {
  constructor(problems: readonly Problem[]) {
    super('PATHS_INVALID', `Paths configuration (mxm_paths) is invalid:\n${formatProblems(problems)}`, { problems });
  }
}

/**
 * Reads runtime paths from the `mxm_paths` section's data.
 * @throws {PathsConfigError} listing every missing, non-string or relative root.
 */
export function pathsFromConfig(section: unknown): RuntimePaths {
  const data = (section ?? {}) as Record<string, unknown>;
  const problems: Problem[] = [];
  const out: Record<string, string> = {};
  for (const [property, key] of KEYS) {
    const value = data[key];
    const path = `mxm_paths.${key}`;
    if (value === undefined || value === null) problems.push({ path, message: 'is required' });
    else if (typeof value !== 'string' || value.trim() === '') problems.push({ path, message: 'must be a non-empty string' });
    else {
      const expanded = expandHome(value);
      if (!isAbsolute(expanded)) problems.push({ path, message: `must be absolute (or start with ~), got ${JSON.stringify(value)}` });
      else out[property] = normalize(expanded);
    }
  }
  if (problems.length > 0) throw new PathsConfigError(problems);
  return Object.freeze(out) as unknown as RuntimePaths;
}

/** Binds PATHS when the configuration has an `mxm_paths` section. */
export const pathsProvider = defineProviderModule({ name: 'mxm:paths', schema: PATHS_SCHEMA, validates: [PATHS] }, (bind, setup) => {
  if (!setup.config.has('mxm_paths')) return;
  bind(PATHS).toDynamicValue(() => pathsFromConfig(setup.config.get('mxm_paths')));
});

keepClassNames({ PathsConfigError });
