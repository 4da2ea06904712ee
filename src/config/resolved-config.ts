/**
 * The resolved configuration and its views.
 *
 * Owns: read access to deep-frozen data by key path, provenance (`explain`), the fingerprint,
 * the layer plan, and redaction of sensitive values in every printed form (`toJSON`, inspect).
 * Does not own: how the data was produced (load-config.ts).
 */
import { inspect } from 'node:util';
import { ConfigError } from './config-errors.js';
import { keepClassNames } from '../errors/mxm-error.js';
import type { ConfigKeyPath, ConfigValue, UntypedConfig } from './config-paths.js';
import { childPath, formatKeyPath, isMapping, lookup, parseKeyPath } from './key-path.js';
import { deepCopy, type ProvenanceIndex } from './merge.js';
import type { LayerName, Provenance, ValueOrigin } from './provenance.js';
import { fingerprintOf } from './freeze.js';
import { REDACTED } from './redaction.js';
import type { SensitivePaths } from './sensitivity.js';
import type { PlannedLayer } from './store.js';

/** Why a value is what it is. */
export interface Explanation {
  readonly path: string;
  /** The value (redacted when sensitive). */
  readonly value: unknown;
  readonly sensitive: boolean;
  readonly layer?: LayerName | undefined;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly selector?: string | undefined;
  readonly interpolation?: string | undefined;
  /** Lower layers' values this one replaced, oldest first (redacted when sensitive). */
  readonly overridden: readonly (ValueOrigin & { readonly value: unknown })[];
  /** For a mapping: the explanation of each leaf below it. */
  readonly leaves?: readonly Explanation[] | undefined;
}

/** State shared by a config and all its views. */
interface ConfigState {
  readonly data: Readonly<Record<string, unknown>>;
  readonly provenance: ProvenanceIndex;
  readonly sensitive: SensitivePaths;
}

/**
 * A read-only window on the configuration, rooted at `path` ('' for the whole). `C` is the
 * configuration's type when a schema types it (`ConfigOf<typeof schema>`): then only declared key
 * paths compile and each returns its declared type.
 *
 * Its state is private (`#` fields): spreading, `Object.entries`, `structuredClone` or a test
 * framework's equality diff of a view see no configuration values; printed forms go through
 * `toJSON`, which redacts.
 */
export class ConfigView<C = UntypedConfig> {
  readonly #state: ConfigState;
  readonly #path: string;
  readonly #data: Readonly<Record<string, unknown>>;

  /** @internal Use {@link makeView} or `loadConfig`. */
  constructor(state: ConfigState, path: string, data: Readonly<Record<string, unknown>>) {
    this.#state = state;
    this.#path = path;
    this.#data = data;
  }

  /** Where this view is rooted, as a key path; '' for the whole configuration. */
  get path(): string {
    return this.#path;
  }

  /** The deep-frozen data under this view, sensitive values included (the caller asked for the data). */
  get data(): Readonly<Record<string, unknown>> {
    return this.#data;
  }

  /** @internal */
  protected get state(): ConfigState {
    return this.#state;
  }

  /**
   * The value at a key path (`a.b`, `a.list[0]`), relative to this view; typed by the schema when
   * the configuration is (an undeclared path does not compile).
   *
   * @throws {ConfigError} `CONFIG_KEY_NOT_FOUND` naming the missing key and the keys available where
   *   the lookup stopped; `CONFIG_INVALID_PATH` for a malformed path.
   */
  get<const P extends ConfigKeyPath<C>>(path: P): ConfigValue<C, P> {
    const segments = parseKeyPath(path);
    const found = lookup(this.data, segments);
    if (found.found) return found.value as ConfigValue<C, P>;
    const stoppedAt = formatKeyPath(segments.slice(0, found.at));
    const full = this.fullPath(stoppedAt);
    throw new ConfigError(
      'CONFIG_KEY_NOT_FOUND',
      `Config key '${this.fullPath(path)}' not found: no '${String(segments[found.at])}' ${full === '' ? 'at the top level' : `under '${full}'`}. Available keys: ${found.available.length === 0 ? '(none)' : found.available.join(', ')}.`,
    );
  }

  /** Whether a key path exists under this view. Throws nothing but for a malformed path. */
  has(path: string): boolean {
    return lookup(this.data, parseKeyPath(path)).found;
  }

  /** The keys of this view's mapping, sorted. */
  keys(): string[] {
    return Object.keys(this.data).sort();
  }

  /**
   * Where the value at `path` came from: layer, file, line, interpolation and what it replaced.
   *
   * @throws {ConfigError} `CONFIG_KEY_NOT_FOUND` as {@link get} does.
   */
  explain(path: string): Explanation {
    const value: unknown = this.get(path as ConfigKeyPath<C>);
    const full = this.fullPath(formatKeyPath(parseKeyPath(path)));
    return this.explainAt(full, value);
  }

  private explainAt(full: string, value: unknown): Explanation {
    const sensitive = this.isSensitive(full, value);
    const p: Provenance | undefined = this.state.provenance.get(full);
    if (p === undefined && isMapping(value) && Object.keys(value).length > 0) {
      const leaves = Object.keys(value).map((k) => this.explainAt(childPath(full, k), value[k]));
      return { path: full, value: this.redacted(value, full), sensitive, overridden: [], leaves };
    }
    return {
      path: full,
      value: this.redacted(value, full),
      sensitive,
      layer: p?.layer,
      file: p?.file,
      line: p?.line,
      selector: p?.selector,
      interpolation: p?.interpolation === undefined ? undefined : this.shownExpression(full, p.interpolation),
      // What a value replaced is as sensitive as the value: redacted by the same rules, at the same path.
      overridden: (p?.overridden ?? []).map((o) => ({ ...o.origin, value: sensitive ? REDACTED : this.redacted(o.value, full) })),
    };
  }

  /** Plain JSON data with sensitive values redacted: what every printed form shows. */
  toJSON(): unknown {
    return this.redacted(this.data, this.path);
  }

  /** @internal */
  [inspect.custom](): string {
    return `${this.constructor.name}(${this.path === '' ? '<root>' : this.path}) ${inspect(this.toJSON(), { depth: 4 })}`;
  }

  /**
   * Whether the value at a full key path is redacted in output: by schema or module marking, by a
   * credential-like key name, by its shape (a URL with a password) or because it was built from a
   * sensitive value.
   */
  isSensitive(fullPath: string, value?: unknown): boolean {
    return this.state.sensitive.isSensitive(fullPath, value === undefined ? lookupOrUndefined(this.state.data, fullPath) : value);
  }

  /**
   * A copy of `value`, taken to sit at `fullPath`, with every sensitive value redacted. For printing
   * values that are not in the data (diffs, histories) by the same rules.
   */
  redactedAt(value: unknown, fullPath: string): unknown {
    return this.redacted(value, fullPath);
  }

  private redacted(value: unknown, at: string): unknown {
    return this.state.sensitive.redact(value, at);
  }

  /** The interpolation a value was written as, unless its text itself may hold a secret. */
  private shownExpression(full: string, expression: string): string {
    const rules = this.state.sensitive.rules;
    return rules.coversPath(parseKeyPath(full)) || rules.coversValue(expression) ? REDACTED : expression;
  }

  private fullPath(relativePath: string): string {
    if (this.path === '') return relativePath;
    return relativePath === '' ? this.path : `${this.path}.${relativePath}`;
  }

  /** @internal */
  viewAt(path: string): ConfigView {
    const value: unknown = this.get(path as ConfigKeyPath<C>);
    const full = this.fullPath(formatKeyPath(parseKeyPath(path)));
    if (!isMapping(value)) {
      throw new ConfigError(
        'CONFIG_NOT_A_SECTION',
        `Config path '${full}' is not a mapping (it holds ${Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`}); a view needs a section. Select its parent and read the value inside it.`,
      );
    }
    return new ConfigView(this.state, full, value);
  }
}

/** The whole resolved configuration of one identity; `C` as in {@link ConfigView}. */
export class ResolvedConfig<C = UntypedConfig> extends ConfigView<C> {
  /** Every layer file considered, in merge order, and whether it was found. */
  readonly plan: readonly PlannedLayer[];
  #fingerprint: string | undefined;

  /** @internal Use `loadConfig`. */
  constructor(state: ConfigState, plan: readonly PlannedLayer[]) {
    super(state, '', state.data);
    this.plan = plan;
    Object.freeze(this);
  }

  /**
   * `sha256:…` of the resolved data as printed, sensitive values redacted: equal across runs and
   * machines for equal inputs, and no help in confirming a guess of a redacted value offline. A
   * change in a redacted value does not change it (`mxm-runtime diff` reports such a change). Hashed
   * on first use (the data is frozen, so it cannot go stale): a start-up that never asks pays nothing.
   */
  get fingerprint(): string {
    return (this.#fingerprint ??= fingerprintOf(this.toJSON()));
  }

  /** Paths of every value redacted in output (topmost only), sorted. */
  get sensitivePaths(): readonly string[] {
    return this.state.sensitive.pathsIn(this.data);
  }

  /**
   * The text of every sensitive value of 6 characters or more (strings and numbers, at any depth
   * below a sensitive path), longest first. For scrubbing text that services built from the
   * configuration may print — a path or a host name made from a secret — where no key path is known.
   */
  sensitiveValues(): readonly string[] {
    const out = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
        const text = String(value);
        // Shorter text (a port, a flag) would be scrubbed out of unrelated words everywhere.
        if (text.length >= 6) out.add(text);
      } else if (value !== null && typeof value === 'object') {
        for (const child of Object.values(value)) collect(child);
      }
    };
    for (const path of this.sensitivePaths) collect(lookupOrUndefined(this.data, path));
    return [...out].sort((a, b) => b.length - a.length);
  }
}

/**
 * A read-only view onto a section of the configuration (`makeView(config, 'mxm_paths')`).
 *
 * @throws {ConfigError} `CONFIG_KEY_NOT_FOUND` (lists the keys that exist) when the path is
 *   absent; `CONFIG_NOT_A_SECTION` when it holds a list or a scalar.
 */
export function makeView<C>(config: ConfigView<C>, path: ConfigKeyPath<C>): ConfigView {
  return config.viewAt(path);
}

/**
 * Plain JSON-shaped data of a config or view: a fresh, mutable deep copy, sensitive values included
 * (the caller asked for the data; printed forms redact).
 */
export function toConfigData<C>(config: ConfigView<C>): Record<string, unknown> {
  return deepCopy(config.data) as Record<string, unknown>;
}

function lookupOrUndefined(data: unknown, path: string): unknown {
  if (path === '') return data;
  const found = lookup(data, parseKeyPath(path));
  return found.found ? found.value : undefined;
}

keepClassNames({ ConfigView, ResolvedConfig });
