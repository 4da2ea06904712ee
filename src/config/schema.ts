/**
 * Schema validation with convict: providers and applications contribute fragments for their
 * sections; validation runs once, over the resolved configuration, and reports every problem.
 *
 * Owns: the registry of fragments, running convict on each, the mandatory-missing (`???`) check,
 * schema defaults for absent keys, and the set of sensitive paths. Does not own: loading.
 */
import convict from 'convict';
import type { Problem } from '../errors/mxm-error.js';
import { ConfigError } from './config-errors.js';
import { childPath, isBelow, isMapping, lookup, parseKeyPath } from './key-path.js';
import { MISSING, type ProvenanceIndex } from './merge.js';
import { describeOrigin, type Provenance } from './provenance.js';
import { REDACTED } from './redaction.js';
import type { ConfigSchemaFragment } from './schema-types.js';
import { DEFAULT_SENSITIVE_KEY_NAMES, SensitivePaths, SensitivityRules } from './sensitivity.js';
import { setOwn } from './yaml-data.js';

export type { ConfigSchemaFragment } from './schema-types.js';

/** A fragment and who contributed it. */
export interface ContributedSchema {
  readonly contributor: string;
  readonly fragment: ConfigSchemaFragment;
}

/** The fragments a context validates its configuration against. */
export class ConfigSchemaRegistry {
  private readonly entries: ContributedSchema[] = [];
  private readonly sensitivePatterns: string[] = [];
  private readonly sensitiveKeyNames: string[] = [...DEFAULT_SENSITIVE_KEY_NAMES];
  private readonly nameKeyPatterns: string[] = [];

  /** Adds a fragment; `contributor` names the module or application in error messages. */
  add(contributor: string, fragment: ConfigSchemaFragment): this {
    this.entries.push({ contributor, fragment });
    return this;
  }

  /**
   * Marks values sensitive by key-path pattern, where `*` stands for any one key:
   * `mxm_secrets.refs.*.path` covers the backend path of every secret ref. Sections with keys
   * chosen by the store (refs, databases) cannot be written as convict leaves; this covers them.
   */
  addSensitive(...patterns: readonly string[]): this {
    this.sensitivePatterns.push(...patterns);
    return this;
  }

  /**
   * Adds key names that mark a value sensitive wherever they appear (`ssn`, `iban`), to the
   * defaults ({@link DEFAULT_SENSITIVE_KEY_NAMES}). Compared without case and separators, as suffixes.
   */
  addSensitiveKeys(...names: readonly string[]): this {
    this.sensitiveKeyNames.push(...names);
    return this;
  }

  /**
   * Marks keys that are names chosen by the store, not credential fields, so the key-name rule
   * skips them: `mxm_secrets.refs.*` (a ref may be called `db_password`). Patterns as in {@link addSensitive}.
   */
  addNameKeys(...patterns: readonly string[]): this {
    this.nameKeyPatterns.push(...patterns);
    return this;
  }

  /** Every fragment, in the order added. */
  get fragments(): readonly ContributedSchema[] {
    return this.entries;
  }

  /**
   * What makes a value sensitive: leaves a fragment marks `sensitive`, the patterns added with
   * {@link addSensitive}, and credential-like key names.
   *
   * @throws {ConfigError} `CONFIG_INVALID_PATH` for a malformed pattern.
   */
  sensitivityRules(): SensitivityRules {
    const paths = new Set<string>(this.sensitivePatterns);
    for (const { fragment } of this.entries) collectSensitive(fragment as Record<string, unknown>, '', paths);
    return new SensitivityRules(paths, this.sensitiveKeyNames, this.nameKeyPatterns);
  }

  /**
   * Validates data against every fragment and fills in defaults for absent keys (mutating `data`).
   * Returns every problem found, each with the key path and the layer and file of the bad value.
   *
   * @throws {ConfigError} `CONFIG_SCHEMA_INVALID` when a fragment itself is not a valid convict schema.
   */
  validate(data: Record<string, unknown>, provenance?: ProvenanceIndex, sensitive: SensitivePaths = new SensitivePaths(this.sensitivityRules())): Problem[] {
    const problems: Problem[] = [];
    // One convict instance per group of fragments that do not collide: each instance costs a schema
    // compile, and a context validates every provider's fragment on every build.
    const groups = combineFragments(this.entries.map((e) => e.fragment as Record<string, unknown>));
    const compiled = groups.map((fragment) => {
      try {
        return compileSchema(fragment);
      } catch (cause) {
        // Only a definition convict refuses costs a compile per fragment: the one that fails is named.
        for (const entry of this.entries) checkDefinition(entry);
        const contributors = this.entries.map((e) => `'${e.contributor}'`).join(', ');
        throw new ConfigError('CONFIG_SCHEMA_INVALID', `The config schemas contributed by ${contributors} are invalid together: ${(cause as Error).message}`, { cause });
      }
    });
    for (const [index, fragment] of groups.entries()) {
      const config = compiled[index] as convict.Config<Record<string, unknown>>;
      const subset: Record<string, unknown> = {};
      for (const key of Object.keys(fragment)) {
        if (Object.prototype.hasOwnProperty.call(data, key)) setOwn(subset, key, structuredClone(data[key]));
      }
      problems.push(...removeShapeConflicts(subset, fragment, '', provenance));
      config.load(subset);
      const failed = new Set<string>();
      try {
        config.validate({ allowed: 'warn', output: () => undefined });
      } catch (error) {
        for (const line of String((error as Error).message).split('\n')) {
          const match = /^([^:]+): (.*)$/.exec(line);
          if (match === null) continue;
          const path = match[1] as string;
          failed.add(path);
          // convict quotes the offending value: never for a sensitive one.
          const found = lookup(data, parseKeyPath(path));
          const value = found.found ? found.value : undefined;
          // A whole mapping or list is never quoted: a malformed section (refs written as a list) may hold backend paths.
          const quiet = (value !== null && typeof value === 'object') || sensitive.containsSensitive(path, value);
          const message = quiet ? withoutValue(match[2] as string, value) : (match[2] as string);
          const origin = provenance?.get(path);
          problems.push({ path, message, ...(origin === undefined ? {} : { source: describeOrigin(origin) }) });
        }
      }
      // One copy of convict's values serves both (neither changes it; a copy is a deep clone).
      const properties = config.getProperties();
      applyDefaults(data, properties, fragment, '', provenance);
      applyCoercions(data, properties, fragment, '', failed);
    }
    return problems;
  }
}

/** Validation sees only the layered data: never process.env or argv (convict reads both by default). */
const compileSchema = (fragment: Record<string, unknown>): convict.Config<Record<string, unknown>> =>
  convict(fragment as convict.Schema<Record<string, unknown>>, { env: {}, args: [] });

/** Compiles one contributor's fragment alone, to name it when convict refuses the definition. */
function checkDefinition({ contributor, fragment }: ContributedSchema): void {
  try {
    compileSchema(fragment as Record<string, unknown>);
  } catch (cause) {
    throw new ConfigError('CONFIG_SCHEMA_INVALID', `The config schema contributed by '${contributor}' is invalid: ${(cause as Error).message}`, { cause });
  }
}

/** Merges fragments into as few schemas as possible; a fragment that redefines a leaf starts a new one. */
function combineFragments(fragments: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const groups: Record<string, unknown>[] = [];
  for (const fragment of fragments) {
    const group = groups.find((g) => !collides(g, fragment));
    if (group === undefined) groups.push(mergeSchema({}, fragment));
    else mergeSchema(group, fragment);
  }
  return groups;
}

function collides(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const [key, node] of Object.entries(b)) {
    if (!Object.prototype.hasOwnProperty.call(a, key)) continue;
    const mine = a[key];
    if (!isMapping(mine) || !isMapping(node) || isSchemaLeaf(mine) || isSchemaLeaf(node) || collides(mine, node)) return true;
  }
  return false;
}

function mergeSchema(into: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> {
  for (const [key, node] of Object.entries(from)) {
    const mine = into[key];
    if (isMapping(mine) && isMapping(node) && !isSchemaLeaf(node)) mergeSchema(mine, node);
    else setOwn(into, key, isMapping(node) && !isSchemaLeaf(node) ? mergeSchema({}, node) : node);
  }
  return into;
}

/** Every `???` left after the merge: a mandatory value no layer has set. */
export function findMissingMandatory(data: unknown, provenance?: ProvenanceIndex, at = ''): Problem[] {
  const problems: Problem[] = [];
  if (data === MISSING) {
    const origin = provenance?.get(at);
    problems.push({
      path: at,
      message: 'mandatory value (???) is not set by any layer',
      ...(origin === undefined ? {} : { source: describeOrigin(origin) }),
    });
  } else if (Array.isArray(data)) {
    data.forEach((item, i) => problems.push(...findMissingMandatory(item, provenance, childPath(at, i))));
  } else if (isMapping(data)) {
    for (const key of Object.keys(data)) problems.push(...findMissingMandatory(data[key], provenance, childPath(at, key)));
  }
  return problems;
}

/**
 * Finds mappings where a fragment declares a non-mapping leaf, reports each and removes it from
 * `subset`: convict cannot load such a value (it would fail with a raw TypeError).
 */
function removeShapeConflicts(subset: Record<string, unknown>, schema: Record<string, unknown>, prefix: string, provenance?: ProvenanceIndex): Problem[] {
  const problems: Problem[] = [];
  for (const [key, node] of Object.entries(schema)) {
    if (!isMapping(node) || !Object.prototype.hasOwnProperty.call(subset, key)) continue;
    const path = childPath(prefix, key);
    const value = subset[key];
    const origin = (): Pick<Problem, 'source'> => {
      const found = provenance?.get(path) ?? firstOriginBelow(path, provenance);
      return found === undefined ? {} : { source: describeOrigin(found) };
    };
    // Convict would coerce a scalar where a mapping belongs with JSON.parse (a raw SyntaxError that
    // quotes the value): such a value is reported here, by its kind only, and not handed to convict.
    const wantsMapping = !isSchemaLeaf(node) || acceptsMapping(node['format']);
    if (wantsMapping && value !== null && value !== undefined && !isMapping(value)) {
      problems.push({ path, message: `must be a mapping, not ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}`, ...origin() });
      delete subset[key];
      continue;
    }
    if (!isSchemaLeaf(node)) {
      if (isMapping(value)) problems.push(...removeShapeConflicts(value, node, path, provenance));
      continue;
    }
    if (isMapping(value) && !acceptsMapping(node['format'])) {
      problems.push({ path, message: 'must be a single value, not a mapping', ...origin() });
      delete subset[key];
    }
  }
  return problems;
}

/** Convict loads a mapping into a leaf only when the leaf's format is Object. */
function acceptsMapping(format: unknown): boolean {
  return format === Object || format === 'Object';
}

function firstOriginBelow(path: string, provenance?: ProvenanceIndex): Provenance | undefined {
  if (provenance === undefined) return undefined;
  for (const [at, origin] of provenance) if (isBelow(at, path)) return origin;
  return undefined;
}

/** A convict message with the value taken out: its `value was …` tail, and the value wherever else it appears. */
function withoutValue(message: string, value: unknown): string {
  const head = message.replace(/: value was [\s\S]*$/, '');
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text !== undefined && text.length >= 3 ? head.split(text).join(REDACTED) : head;
}

/** Whether a schema node is a leaf (it has a default or a format), not a section. */
export function isSchemaLeaf(node: Record<string, unknown>): boolean {
  return Object.prototype.hasOwnProperty.call(node, 'default') || Object.prototype.hasOwnProperty.call(node, 'format');
}

function collectSensitive(schema: Record<string, unknown>, prefix: string, out: Set<string>): void {
  for (const [key, node] of Object.entries(schema)) {
    if (!isMapping(node)) continue;
    const path = childPath(prefix, key);
    if (isSchemaLeaf(node)) {
      if (node['sensitive'] === true) out.add(path);
    } else {
      collectSensitive(node, path, out);
    }
  }
}

function applyDefaults(
  data: Record<string, unknown>,
  withDefaults: Record<string, unknown>,
  schema: Record<string, unknown>,
  prefix: string,
  provenance?: ProvenanceIndex,
): void {
  for (const [key, node] of Object.entries(schema)) {
    if (!isMapping(node)) continue;
    const path = childPath(prefix, key);
    if (isSchemaLeaf(node)) {
      const present = lookup(data, parseKeyPath(path));
      const value = withDefaults[key];
      if (!present.found && value !== undefined && value !== null) {
        setAt(data, parseKeyPath(path).map(String), structuredClone(value));
        provenance?.set(path, { layer: 'schema', overridden: [] });
      }
    } else {
      const child = withDefaults[key];
      if (isMapping(child)) applyDefaults(data, child, node, path, provenance);
    }
  }
}

/**
 * Writes back the values convict coerced to their format (`'8080'` with format port → 8080,
 * `'true'` with Boolean → true), so the configuration holds what the schema says it holds. Values
 * that failed validation are left as they were (the problem is reported).
 */
function applyCoercions(data: Record<string, unknown>, coerced: Record<string, unknown>, schema: Record<string, unknown>, prefix: string, failed: ReadonlySet<string>): void {
  for (const [key, node] of Object.entries(schema)) {
    if (!isMapping(node)) continue;
    const path = childPath(prefix, key);
    const value = coerced[key];
    if (!isSchemaLeaf(node)) {
      if (isMapping(value)) applyCoercions(data, value, node, path, failed);
      continue;
    }
    const present = lookup(data, parseKeyPath(path));
    const scalar = (v: unknown) => v === null || typeof v !== 'object';
    if (present.found && !failed.has(path) && scalar(value) && scalar(present.value) && typeof value !== typeof present.value && value !== null) {
      setAt(data, parseKeyPath(path).map(String), value);
    }
  }
}

function setAt(data: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let target = data;
  for (const segment of segments.slice(0, -1)) {
    const next = target[segment];
    if (!isMapping(next)) {
      const created: Record<string, unknown> = {};
      setOwn(target, segment, created);
      target = created;
    } else {
      target = next;
    }
  }
  setOwn(target, segments[segments.length - 1] as string, value);
}
