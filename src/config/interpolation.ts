/**
 * Resolving interpolations after the merge, in place, as OmegaConf resolves them.
 *
 * A whole-value reference keeps the referenced type (a mapping is copied); references inside a
 * longer string are rendered as Python's str() renders them. Relative keys (`${.x}`, `${..x}`)
 * count from the mapping that holds the value. Owns: evaluation, cycle and depth detection, and
 * errors that name the key path, its file and line, and the chain. Does not own: the grammar.
 */
import { ConfigError } from './config-errors.js';
import { parseTemplate, type Interpolation, type Template } from './interpolation-grammar.js';
import { formatKeyPath, isBelow, isMapping, lookup, parentPath, referencedPath, type PathSegment } from './key-path.js';
import { DEFAULT_CONFIG_LIMITS, limitExceeded, type ConfigLimits } from './limits.js';
import { deepCopy, MISSING, type ProvenanceIndex } from './merge.js';
import { describeOrigin, type Provenance } from './provenance.js';
import { parseElement, type Element } from './element-grammar.js';
import { parsePrimitive, pythonStr } from './python-text.js';
import { boxedAt, keyTypeOf, placeValue } from './python-values.js';
import { BUILTIN_RESOLVERS, type Resolver } from './resolvers.js';
import { SensitivePaths, SensitivityRules } from './sensitivity.js';
import { setOwn } from './yaml-data.js';

/**
 * What one copied value (a mapping, list or scalar) costs against the output budget, in
 * characters: roughly its size in memory, so a fan-out of small lists is held to the same bound
 * as a fan-out of long strings.
 */
const NODE_COST = 32;

/** Longest chain of references followed by default (see {@link ConfigLimits.maxReferenceDepth}). */
export const MAX_INTERPOLATION_DEPTH = DEFAULT_CONFIG_LIMITS.maxReferenceDepth;

/** Options of {@link resolveInterpolations}. */
export interface InterpolationOptions {
  /** Variable lookup for `oc.env`; default: the process environment. */
  readonly env?: (name: string) => string | undefined;
  /** Extra resolvers by name; they may not replace the built-in ones. */
  readonly resolvers?: ReadonlyMap<string, Resolver>;
  /** Provenance of the merged data, so errors can name the file and line. */
  readonly provenance?: ProvenanceIndex;
  /** What is sensitive before resolution; values derived from those are recorded as sensitive too. */
  readonly sensitivity?: SensitivityRules;
  /** Budgets; default {@link DEFAULT_CONFIG_LIMITS}. */
  readonly limits?: ConfigLimits;
}

/** What resolution found out besides the values it wrote. */
export interface InterpolationResult {
  /** Paths whose values were built from sensitive values (or read from credential-like variables). */
  readonly derivedSensitive: ReadonlySet<string>;
}

/**
 * Resolves every interpolation in `data`, in place.
 *
 * Taint follows the data: a value built from a sensitive value (a string that embeds it, a copy of
 * a mapping that holds one, `${oc.env:DB_PASSWORD}`, a resolver marked `sensitive`) is reported in
 * {@link InterpolationResult.derivedSensitive}, and no error message shows an expression that
 * involves a sensitive value.
 *
 * @throws {ConfigError} `CONFIG_INTERPOLATION_CYCLE`, `CONFIG_INTERPOLATION_MISSING_KEY`,
 *   `CONFIG_INTERPOLATION_MISSING_ENV`, `CONFIG_INTERPOLATION_INVALID` (bad syntax, unknown
 *   resolver), `CONFIG_INTERPOLATION_RESOLVER_FAILED` (a custom resolver threw) or
 *   `CONFIG_LIMIT_EXCEEDED` (a budget of {@link ConfigLimits} was spent); each names the key path,
 *   where it was written, and the chain.
 */
export function resolveInterpolations(data: Record<string, unknown>, options: InterpolationOptions = {}): InterpolationResult {
  const resolution = new Resolution(data, options);
  resolution.resolveAll();
  return { derivedSensitive: resolution.derived };
}

/** The value being resolved: its path, and whether anything sensitive went into it so far. */
interface Frame {
  readonly path: string;
  tainted: boolean;
}

class Resolution {
  private readonly stack: string[] = [];
  private readonly frames: Frame[] = [];
  /** Paths of strings already resolved: their value may legitimately contain a literal `${`. */
  private readonly doneStrings = new Set<string>();
  /** Containers whose every value is resolved (including copies made by references). */
  private readonly settled = new WeakSet<object>();
  private readonly resolvers: ReadonlyMap<string, Resolver>;
  private readonly env: (name: string) => string | undefined;
  private readonly limits: ConfigLimits;
  readonly derived = new Set<string>();
  private readonly sensitiveInside = new WeakMap<object, readonly string[]>();
  /** Rules plus what has been derived so far: `derived` is live, so later findings count. */
  private readonly sensitive: SensitivePaths;
  private output = 0;
  private resolutions = 0;

  constructor(
    private readonly root: Record<string, unknown>,
    private readonly options: InterpolationOptions,
  ) {
    this.resolvers = new Map([...(options.resolvers ?? []), ...BUILTIN_RESOLVERS]);
    this.env = options.env ?? ((name) => process.env[name]);
    this.limits = options.limits ?? DEFAULT_CONFIG_LIMITS;
    this.sensitive = new SensitivePaths(options.sensitivity ?? new SensitivityRules(), this.derived);
  }

  resolveAll(): void {
    this.resolveTree(this.root, []);
  }

  private resolveTree(node: unknown, at: PathSegment[]): void {
    if (node === null || typeof node !== 'object' || this.settled.has(node)) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) this.resolveSlot(node, i, [...at, i]);
    } else {
      for (const key of Object.keys(node)) this.resolveSlot(node as Record<string, unknown>, key, [...at, key]);
    }
    this.settled.add(node);
  }

  private settle(node: unknown): void {
    if (node === null || typeof node !== 'object' || this.settled.has(node)) return;
    this.settled.add(node);
    for (const child of Object.values(node)) this.settle(child);
  }

  private resolveSlot(container: Record<string, unknown> | unknown[], key: string | number, at: PathSegment[]): unknown {
    const value = (container as Record<string | number, unknown>)[key];
    if (typeof value === 'string' && value.includes('${')) {
      const path = formatKeyPath(at);
      if (this.doneStrings.has(path)) return value;
      // placeValue unboxes a float (marking its slot), so `${ratio}` stays `1.0`, not `1`.
      placeValue(container, key, this.resolveString(value, at));
      const resolved = boxedAt(container, key);
      this.doneStrings.add(path);
      this.settle(resolved);
      this.markInterpolated(at, value);
      return resolved;
    }
    this.resolveTree(value, at);
    return boxedAt(container, key);
  }

  private resolveStep(container: Record<string, unknown> | unknown[], key: string | number, at: PathSegment[]): unknown {
    const value = (container as Record<string | number, unknown>)[key];
    if (typeof value !== 'string' || !value.includes('${')) return boxedAt(container, key);
    return this.resolveSlot(container, key, at);
  }

  private resolveString(raw: string, at: PathSegment[]): unknown {
    const path = formatKeyPath(at);
    const cycleAt = this.stack.indexOf(path);
    if (cycleAt >= 0) {
      const chain = [...this.stack.slice(cycleAt), path].join(' → ');
      throw new ConfigError('CONFIG_INTERPOLATION_CYCLE', `Interpolation cycle at '${path}'${this.origin(path)}: ${chain}.`);
    }
    if (this.stack.length >= this.limits.maxReferenceDepth) {
      throw limitExceeded('maxReferenceDepth', this.limits.maxReferenceDepth, `The chain of references through '${path}'${this.origin(path)} (runaway nesting)`);
    }
    this.stack.push(path);
    const frame: Frame = { path, tainted: false };
    this.frames.push(frame);
    try {
      const template = this.parse(raw, at, path);
      const value = this.evaluate(template, at, true);
      if (frame.tainted) this.derived.add(path);
      return value;
    } finally {
      this.stack.pop();
      this.frames.pop();
    }
  }

  private parse(raw: string, at: PathSegment[], path: string): Template {
    try {
      return parseTemplate(raw, `'${path}'${this.origin(path)}`, this.limits.maxExpressionNesting);
    } catch (error) {
      // The grammar quotes the text it could not read: not for a sensitive value.
      if (error instanceof ConfigError && error.code === 'CONFIG_INTERPOLATION_INVALID' && this.hidden(at)) {
        throw new ConfigError('CONFIG_INTERPOLATION_INVALID', `Invalid interpolation at '${path}'${this.origin(path)}; its text is not shown because the value is sensitive.`);
      }
      throw error;
    }
  }

  /** Evaluates a template; `whole` when it is the whole value (a lone reference keeps its type). */
  private evaluate(template: Template, at: PathSegment[], whole: boolean): unknown {
    if (template.length === 1 && template[0]?.kind !== 'text') return this.interpolate(template[0] as Interpolation, at, whole);
    let out = '';
    for (const part of template) {
      const piece = part.kind === 'text' ? part.text : this.rendered(part, at);
      this.spend(piece.length, at);
      out += piece;
    }
    return out;
  }

  /**
   * One interpolation inside a longer string, as OmegaConf renders it: a container is str() of
   * the node as it stands (its interpolations as written), and that text is resolved once more,
   * as OmegaConf resolves it when the value is read (`{'q': '${n}'}` becomes `{'q': '2'}`).
   */
  private rendered(part: Interpolation, at: PathSegment[]): string {
    if (part.kind === 'node') {
      // A mapping that holds the value itself: OmegaConf refuses it ("Interpolation to parent node").
      const path = formatKeyPath(at);
      const target = formatKeyPath(this.targetOf(pythonStr(this.evaluate(part.key, at, false)), at, part.raw));
      if (target === '' || target === path || isBelow(path, target)) {
        throw new ConfigError('CONFIG_INTERPOLATION_CYCLE', `Interpolation ${this.expression(part.raw, at)} at '${path}'${this.origin(path)} renders '${target || '(the top level)'}', which holds the value itself.`);
      }
    }
    const value = this.interpolate(part, at, false, false);
    const text = pythonStr(value);
    // Resolved once more, once: as OmegaConf resolves the stored text when it is read.
    if (value === null || typeof value !== 'object' || !text.includes('${') || this.rerendering) return text;
    this.rerendering = true;
    try {
      return pythonStr(this.evaluate(this.parse(text, at, formatKeyPath(at)), at, false));
    } finally {
      this.rerendering = false;
    }
  }

  /** Whether a rendered container's text is being resolved once more (never a third time). */
  private rerendering = false;

  private interpolate(expr: Interpolation, at: PathSegment[], whole: boolean, resolveTarget = true): unknown {
    this.resolutions += 1;
    if (this.resolutions > this.limits.maxResolutions) {
      const path = formatKeyPath(at);
      throw limitExceeded('maxResolutions', this.limits.maxResolutions, `Resolving interpolations (reached at '${path}'${this.origin(path)})`);
    }
    if (expr.kind === 'node') {
      const key = pythonStr(this.evaluate(expr.key, at, false));
      return this.select(key, at, expr.raw, whole, resolveTarget);
    }
    const resolver = this.resolvers.get(expr.name);
    const path = formatKeyPath(at);
    if (resolver === undefined) {
      throw new ConfigError(
        'CONFIG_INTERPOLATION_INVALID',
        `Unknown resolver '${expr.name}' in ${this.expression(expr.raw, at)} at '${path}'${this.origin(path)}. Available resolvers: ${[...this.resolvers.keys()].sort().join(', ')}.`,
      );
    }
    const args = expr.args.map((arg) => {
      if (arg.container !== undefined) return this.evaluateElement(parseElement(arg.container, `${this.expression(expr.raw, at)} at '${path}'${this.origin(path)}`), at);
      if (arg.quoted) return pythonStr(this.evaluate(arg.template, at, false));
      if (arg.template.length === 1 && arg.template[0]?.kind !== 'text') return this.interpolate(arg.template[0] as Interpolation, at, false);
      const text = arg.template.map((p) => (p.kind === 'text' ? p.text : pythonStr(this.interpolate(p, at, false)))).join('');
      return parsePrimitive(text);
    });
    if (resolver.sensitive === true || ((expr.name === 'oc.env' || expr.name === 'env') && typeof args[0] === 'string' && this.sensitive.rules.isCredentialName(args[0]))) {
      this.taint();
    }
    const where = `${this.expression(expr.raw, at)} at '${path}'${this.origin(path)}`;
    let value: unknown;
    try {
      value = resolver(args, {
        env: this.env,
        where,
        // Surrounding whitespace makes the text one string primitive in OmegaConf's grammar (' 42 ' stays ' 42 ').
        decode: (text) => (text !== text.trim() && !/^\s*[[{'"]/.test(text) ? text : this.evaluateElement(parseElement(text, where), at)),
        select: (key, resolveTarget = true) => {
          try {
            return { found: true, value: this.select(key, at, expr.raw, false, resolveTarget) };
          } catch (error) {
            if (error instanceof ConfigError && error.code === 'CONFIG_INTERPOLATION_MISSING_KEY') return { found: false, value: undefined };
            throw error;
          }
        },
      });
    } catch (error) {
      if (error instanceof ConfigError && this.hidden(at)) {
        // A resolver's own message quotes its arguments (a variable name built from a secret, say).
        throw new ConfigError(error.code, `Resolver '${expr.name}' failed for ${where} (${error.code}); its message is not shown because the value is sensitive.`);
      }
      if (error instanceof ConfigError) throw error;
      // A custom resolver's own message may quote its arguments: shown only when nothing sensitive is involved.
      const detail = this.hidden(at) ? 'its message is not shown because the value is sensitive' : error instanceof Error ? error.message : String(error);
      throw new ConfigError('CONFIG_INTERPOLATION_RESOLVER_FAILED', `Resolver '${expr.name}' failed for ${where}: ${detail}`, { cause: this.hidden(at) ? undefined : error });
    }
    return this.counted(value, at);
  }

  /** The value of a list, dict, quoted or primitive element (OmegaConf's `element` rule). */
  private evaluateElement(element: Element, at: PathSegment[]): unknown {
    switch (element.kind) {
      case 'list':
        return element.items.map((item) => this.evaluateElement(item, at));
      case 'dict': {
        const out: Record<string, unknown> = {};
        for (const [key, value] of element.entries) setOwn(out, key, this.evaluateElement(value, at));
        return out;
      }
      case 'quoted':
        return element.text.includes('${') ? pythonStr(this.evaluate(this.parse(element.text, at, formatKeyPath(at)), at, false)) : element.text;
      default:
        if (!element.escaped && element.text.includes('${')) return this.evaluate(this.parse(element.text, at, formatKeyPath(at)), at, false);
        return element.escaped ? element.text : parsePrimitive(element.text);
    }
  }

  /**
   * Resolves a (possibly relative) key to its value; containers are copied. With `resolveTarget`
   * false only the interpolations on the way are resolved (`oc.dict.keys` needs no values).
   */
  private select(key: string, at: PathSegment[], raw: string, whole: boolean, resolveTarget = true): unknown {
    const target = this.targetOf(key, at, raw);
    let container: unknown = this.root;
    const walked: PathSegment[] = [];
    for (const segment of target) {
      // An int or bool key (`1:`, `true:` in YAML) is not the string '1': OmegaConf finds no such key either.
      const keyType = isMapping(container) ? keyTypeOf(container, String(segment)) : 'str';
      const step = keyType === 'str' ? lookup(container, [segment]) : { found: false as const, at: 0, available: [`${String(segment)} (an ${keyType} key: quote it in YAML to refer to it)`] };
      if (!step.found) {
        const path = formatKeyPath(at);
        if (this.hidden(at, target)) {
          // The key itself may be built from a secret (`${lookup.${db.password}}`): nothing of it is shown.
          throw new ConfigError('CONFIG_INTERPOLATION_MISSING_KEY', `Interpolation (not shown: it involves a sensitive value) at '${path}'${this.origin(path)} refers to a key that does not exist.`);
        }
        const parent = walked.length === 0 ? 'the top level' : `'${formatKeyPath(walked)}'`;
        throw new ConfigError(
          'CONFIG_INTERPOLATION_MISSING_KEY',
          `Interpolation ${this.expression(raw, at, target)} at '${path}'${this.origin(path)} refers to '${formatKeyPath(target)}', which does not exist: no '${String(segment)}' at ${parent}. Available there: ${step.available.join(', ') || '(none)'}.`,
        );
      }
      const slotKey = Array.isArray(container) ? Number(segment) : String(segment);
      walked.push(segment);
      const last = walked.length === target.length;
      // Only the target is resolved whole; on the way there, only interpolations that stand in the path.
      container = last && resolveTarget ? this.resolveSlot(container as Record<string, unknown>, slotKey, [...walked]) : this.resolveStep(container as Record<string, unknown>, slotKey, [...walked]);
    }
    if (container === MISSING) {
      const path = formatKeyPath(at);
      throw new ConfigError(
        'CONFIG_INTERPOLATION_MISSING_KEY',
        `Interpolation ${this.expression(raw, at, target)} at '${path}'${this.origin(path)} refers to '${formatKeyPath(target)}', a mandatory value (???) that no layer sets.`,
      );
    }
    this.taintFrom(target, container, whole);
    const copy = this.copy(container, at);
    this.settle(copy);
    return copy;
  }

  /**
   * Records what a reference to the value at `target` makes sensitive. A lone reference to a
   * mapping or list copies it: each sensitive value inside gives its copy a sensitive path. Anything
   * else (a string built around it, a resolver argument) is sensitive when anything in the target is.
   */
  private taintFrom(target: readonly PathSegment[], value: unknown, whole: boolean): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) return;
    if (value === null || typeof value !== 'object') {
      if (this.sensitive.isSensitive(target, value)) frame.tainted = true;
      return;
    }
    if (!whole) {
      if (this.sensitive.isSensitive(target, value) || this.insideOf(value, target).length > 0) frame.tainted = true;
      return;
    }
    if (this.sensitive.isSensitive(target, value)) {
      frame.tainted = true;
      return;
    }
    for (const rest of this.insideOf(value, target)) this.derived.add(`${frame.path}${rest}`);
  }

  /**
   * The sensitive paths inside a container, relative to it (`.password`, `[0].token`). A container
   * is resolved for good before it is referenced, and sits at one path: this is worked out once.
   */
  private insideOf(value: object, target: readonly PathSegment[]): readonly string[] {
    let inside = this.sensitiveInside.get(value);
    if (inside === undefined) {
      const prefix = formatKeyPath(target).length;
      inside = this.sensitive.pathsIn(value, target).map((p) => p.slice(prefix));
      this.sensitiveInside.set(value, inside);
    }
    return inside;
  }

  private taint(): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame !== undefined) frame.tainted = true;
  }

  /** Whether text about the value at `at` must be kept out of messages. */
  private hidden(at: readonly PathSegment[], target?: readonly PathSegment[]): boolean {
    if (this.frames.some((f) => f.tainted)) return true;
    if (this.sensitive.isSensitive(at)) return true;
    return target !== undefined && this.sensitive.isSensitive(target);
  }

  /** `'${a.b}'` for a message, or a placeholder when the expression involves a sensitive value. */
  private expression(raw: string, at: readonly PathSegment[], target?: readonly PathSegment[]): string {
    return this.hidden(at, target) ? '(not shown: it involves a sensitive value)' : `'${raw}'`;
  }

  /** Counts what a resolver returned against the output budget. */
  private counted(value: unknown, at: PathSegment[]): unknown {
    if (typeof value === 'string') this.spend(value.length, at);
    else if (value !== null && typeof value === 'object') return this.copy(value, at);
    return value;
  }

  /** A deep copy of plain data, each node and character counted against the output budget. */
  private copy(value: unknown, at: PathSegment[]): unknown {
    return deepCopy(value, { visit: (node) => this.spend(typeof node === 'string' ? NODE_COST + node.length : NODE_COST, at) });
  }

  private spend(amount: number, at: PathSegment[]): void {
    this.output += amount;
    if (this.output > this.limits.maxInterpolationOutput) {
      const path = formatKeyPath(at);
      throw limitExceeded('maxInterpolationOutput', this.limits.maxInterpolationOutput, `Interpolation output (reached at '${path}'${this.origin(path)})`);
    }
  }

  private targetOf(key: string, at: PathSegment[], raw: string): PathSegment[] {
    const path = formatKeyPath(at);
    let target: PathSegment[] | undefined;
    try {
      target = referencedPath(key, at, this.limits.maxKeyPathSegments);
    } catch (error) {
      if (error instanceof ConfigError && error.code === 'CONFIG_LIMIT_EXCEEDED') throw error;
      const shown = this.hidden(at) ? 'an invalid key' : `an invalid key '${key}'`;
      throw new ConfigError('CONFIG_INTERPOLATION_INVALID', `Interpolation ${this.expression(raw, at)} at '${path}'${this.origin(path)} has ${shown}.`);
    }
    if (target === undefined) {
      throw new ConfigError('CONFIG_INTERPOLATION_MISSING_KEY', `Interpolation ${this.expression(raw, at)} at '${path}'${this.origin(path)} climbs above the top level.`);
    }
    return target;
  }

  private markInterpolated(at: PathSegment[], raw: string): void {
    const provenance = this.options.provenance;
    if (provenance === undefined) return;
    const path = formatKeyPath(at);
    const own = provenance.get(path);
    if (own !== undefined) provenance.set(path, { ...own, interpolation: raw });
  }

  /** ` (from environment apps/x/environment.yaml:4)` for the nearest path with provenance. */
  private origin(path: string): string {
    const provenance = this.options.provenance;
    if (provenance === undefined) return '';
    let p: Provenance | undefined;
    for (let at = path; p === undefined && at.length > 0; at = parentPath(at)) p = provenance.get(at);
    return p === undefined ? '' : ` (from ${describeOrigin(p)})`;
  }
}

