/** `mxm-runtime config`: the resolved configuration, its layers, or where one value came from. */
import { pythonJson } from '../../config/python-json.js';
import { defaultStoreRoot } from '../../config/store.js';
import { ConfigValidationError } from '../../config/config-errors.js';
import { resolveConfig } from '../../config/load-config.js';
import { parseAssignments } from '../../config/overrides.js';
import { describeOrigin } from '../../config/provenance.js';
import { formatKeyPath, parseKeyPath } from '../../config/key-path.js';
import { pythonFloatRepr } from '../../config/python-text.js';
import { isFloatAt } from '../../config/python-values.js';
import { pythonYaml } from '../../config/python-yaml.js';
import type { ResolvedConfig } from '../../config/resolved-config.js';
import { resolveRuntimeIdentity } from '../../identity/build.js';
import { defaultProviderSchema } from '../../../providers/config-sections.js';
import { identityInput, type CommonOptions } from '../identity-options.js';
import { hideValuesOf, printJson, printLines } from '../output.js';

interface ConfigOptions extends CommonOptions {
  readonly yaml?: boolean;
  readonly set?: string[];
  readonly explain?: string;
  readonly layers?: boolean;
  readonly resolve?: boolean;
}

export default async function config(options: ConfigOptions): Promise<void> {
  const { identity } = resolveRuntimeIdentity(identityInput(options), { storeRoot: options.storeRoot ?? defaultStoreRoot() });
  const overrides = parseAssignments(options.set ?? []);
  const { config: resolved, problems } = resolveConfig({ identity, storeRoot: options.storeRoot, envFile: options.envFile, overrides, resolve: options.resolve !== false, schema: defaultProviderSchema() });
  hideValuesOf(resolved);
  if (options.layers === true) {
    if (options.json === true) printJson(resolved.plan);
    else printLines(resolved.plan.map((l) => `${l.layer.padEnd(12)} ${(l.status === 'loaded' ? 'loaded' : 'absent').padEnd(7)} ${l.file ?? '(explicit overrides)'}${l.selector === undefined ? '' : `  [${l.selector}]`}`));
    return;
  }
  if (options.explain !== undefined) {
    const explanation = resolved.explain(options.explain);
    if (options.json === true) {
      printJson(explanation);
      return;
    }
    const lines = [`${explanation.path} = ${valueText(resolved, explanation.path, explanation.value)}`];
    if (explanation.layer !== undefined) lines.push(`  from        ${describeOrigin(explanation)}`);
    if (explanation.interpolation !== undefined) lines.push(`  written as  ${explanation.interpolation}`);
    for (const o of explanation.overridden) lines.push(`  overrides   ${pythonJson(o.value)} from ${describeOrigin(o)}`);
    for (const leaf of explanation.leaves ?? []) lines.push(`  ${leaf.path} = ${valueText(resolved, leaf.path, leaf.value)}  (${leaf.layer === undefined ? 'mapping' : describeOrigin(leaf)})`);
    printLines(lines);
    return;
  }
  if (options.json === true) printJson(resolved.toJSON());
  else printLines([pythonYaml(resolved.toJSON() as Record<string, unknown>)]);
  if (problems.length > 0) throw new ConfigValidationError(problems);
}

/** A value as JSON, an integral float in its float form (`1.0`) as where it sits in the config says. */
function valueText(resolved: ResolvedConfig, path: string, value: unknown): string {
  if (typeof value !== 'number' || !Number.isInteger(value)) return pythonJson(value);
  const segments = parseKeyPath(path);
  const parentPath = formatKeyPath(segments.slice(0, -1));
  const parent: unknown = parentPath === '' ? resolved.data : resolved.get(parentPath);
  const float = parent !== null && typeof parent === 'object' && isFloatAt(parent, segments[segments.length - 1] as string | number, value);
  return float ? pythonFloatRepr(value) : pythonJson(value);
}
