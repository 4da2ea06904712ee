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
import { formatKeyPath, lookup, referencedPath, type PathSegment } from './key-path.js';
import { deepCopy, MISSING, type ProvenanceIndex } from './merge.js';
import { describeOrigin, type Provenance } from './provenance.js';
import { parsePrimitive, pythonStr } from './python-text.js';
import { BUILTIN_RESOLVERS, type Resolver } from './resolvers.js';

/** Longest chain of references followed before resolution is called runaway. */
export const MAX_INTERPOLATION_DEPTH = 128;

/** Options of {@link resolveInterpolations}. */
export interface InterpolationOptions {
  /** Variable lookup for `oc.env`; default: the process environment. */
  readonly env?: (name: string) => string | undefined;
  /** Extra resolvers by name; they may not replace the built-in ones. */
  readonly resolvers?: ReadonlyMap<string, Resolver>;
  /** Provenance of the merged data, so errors can name the file and line. */
  readonly provenance?: ProvenanceIndex;
}

/**
 * Resolves every interpolation in `data`, in place.
 *
 * @throws {ConfigError} `CONFIG_INTERPOLATION_CYCLE`, `CONFIG_INTERPOLATION_MISSING_KEY`,
 *   `CONFIG_INTERPOLATION_MISSING_ENV` or `CONFIG_INTERPOLATION_INVALID` (bad syntax, unknown
 *   resolver, runaway nesting); each names the key path, where it was written, and the chain.
 */
export function resolveInterpolations(data: Record<string, unknown>, options: InterpolationOptions = {}): void {
  new Resolution(data, options).resolveAll();
}

class Resolution {
  private readonly stack: string[] = [];
  /** Paths of strings already resolved: their value may legitimately contain a literal `${`. */
  private readonly doneStrings = new Set<string>();
  /** Containers whose every value is resolved (including copies made by references). */
  private readonly settled = new WeakSet<object>();
  private readonly resolvers: ReadonlyMap<string, Resolver>;
  private readonly env: (name: string) => string | undefined;

  constructor(
    private readonly root: Record<string, unknown>,
    private readonly options: InterpolationOptions,
  ) {
    this.resolvers = new Map([...(options.resolvers ?? []), ...BUILTIN_RESOLVERS]);
    this.env = options.env ?? ((name) => process.env[name]);
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
    if (node === null || typeof node !== 'object') return;
    this.settled.add(node);
    for (const child of Object.values(node)) this.settle(child);
  }

  private resolveSlot(container: Record<string, unknown> | unknown[], key: string | number, at: PathSegment[]): unknown {
    const value = (container as Record<string | number, unknown>)[key];
    if (typeof value === 'string' && value.includes('${')) {
      const path = formatKeyPath(at);
      if (this.doneStrings.has(path)) return value;
      const resolved = this.resolveString(value, at);
      (container as Record<string | number, unknown>)[key] = resolved;
      this.doneStrings.add(path);
      this.settle(resolved);
      this.markInterpolated(at, value);
      return resolved;
    }
    this.resolveTree(value, at);
    return value;
  }

  private resolveStep(container: Record<string, unknown> | unknown[], key: string | number, at: PathSegment[]): unknown {
    const value = (container as Record<string | number, unknown>)[key];
    if (typeof value !== 'string' || !value.includes('${')) return value;
    return this.resolveSlot(container, key, at);
  }

  private resolveString(raw: string, at: PathSegment[]): unknown {
    const path = formatKeyPath(at);
    const cycleAt = this.stack.indexOf(path);
    if (cycleAt >= 0) {
      const chain = [...this.stack.slice(cycleAt), path].join(' → ');
      throw new ConfigError('CONFIG_INTERPOLATION_CYCLE', `Interpolation cycle at '${path}'${this.origin(path)}: ${chain}.`);
    }
    if (this.stack.length >= MAX_INTERPOLATION_DEPTH) {
      throw new ConfigError(
        'CONFIG_INTERPOLATION_INVALID',
        `Interpolation at '${path}'${this.origin(path)} nests deeper than ${MAX_INTERPOLATION_DEPTH} references (runaway nesting).`,
      );
    }
    this.stack.push(path);
    try {
      const template = parseTemplate(raw, `'${path}'${this.origin(path)}`);
      return this.evaluate(template, at);
    } finally {
      this.stack.pop();
    }
  }

  private evaluate(template: Template, at: PathSegment[]): unknown {
    if (template.length === 1 && template[0]?.kind !== 'text') return this.interpolate(template[0] as Interpolation, at);
    let out = '';
    for (const part of template) out += part.kind === 'text' ? part.text : pythonStr(this.interpolate(part, at));
    return out;
  }

  private interpolate(expr: Interpolation, at: PathSegment[]): unknown {
    if (expr.kind === 'node') {
      const key = pythonStr(this.evaluate(expr.key, at));
      return this.select(key, at, expr.raw);
    }
    const resolver = this.resolvers.get(expr.name);
    const path = formatKeyPath(at);
    if (resolver === undefined) {
      throw new ConfigError(
        'CONFIG_INTERPOLATION_INVALID',
        `Unknown resolver '${expr.name}' in '${expr.raw}' at '${path}'${this.origin(path)}. Available resolvers: ${[...this.resolvers.keys()].sort().join(', ')}.`,
      );
    }
    const args = expr.args.map((arg) => {
      if (arg.quoted) return pythonStr(this.evaluate(arg.template, at));
      if (arg.template.length === 1 && arg.template[0]?.kind !== 'text') return this.interpolate(arg.template[0] as Interpolation, at);
      const text = arg.template.map((p) => (p.kind === 'text' ? p.text : pythonStr(this.interpolate(p, at)))).join('');
      return parsePrimitive(text);
    });
    return resolver(args, {
      env: this.env,
      where: `'${expr.raw}' at '${path}'${this.origin(path)}`,
      select: (key) => {
        try {
          return { found: true, value: this.select(key, at, expr.raw) };
        } catch (error) {
          if (error instanceof ConfigError && error.code === 'CONFIG_INTERPOLATION_MISSING_KEY') return { found: false, value: undefined };
          throw error;
        }
      },
    });
  }

  /** Resolves a (possibly relative) key to its fully resolved value; containers are copied. */
  private select(key: string, at: PathSegment[], raw: string): unknown {
    const target = this.targetOf(key, at, raw);
    let container: unknown = this.root;
    const walked: PathSegment[] = [];
    for (const segment of target) {
      const step = lookup(container, [segment]);
      if (!step.found) {
        const path = formatKeyPath(at);
        const parent = walked.length === 0 ? 'the top level' : `'${formatKeyPath(walked)}'`;
        throw new ConfigError(
          'CONFIG_INTERPOLATION_MISSING_KEY',
          `Interpolation '${raw}' at '${path}'${this.origin(path)} refers to '${formatKeyPath(target)}', which does not exist: no '${String(segment)}' at ${parent}. Available there: ${step.available.join(', ') || '(none)'}.`,
        );
      }
      const slotKey = Array.isArray(container) ? Number(segment) : String(segment);
      walked.push(segment);
      const last = walked.length === target.length;
      // Only the target is resolved whole; on the way there, only interpolations that stand in the path.
      container = last ? this.resolveSlot(container as Record<string, unknown>, slotKey, [...walked]) : this.resolveStep(container as Record<string, unknown>, slotKey, [...walked]);
    }
    if (container === MISSING) {
      const path = formatKeyPath(at);
      throw new ConfigError(
        'CONFIG_INTERPOLATION_MISSING_KEY',
        `Interpolation '${raw}' at '${path}'${this.origin(path)} refers to '${formatKeyPath(target)}', a mandatory value (???) that no layer sets.`,
      );
    }
    const copy = deepCopy(container);
    this.settle(copy);
    return copy;
  }

  private targetOf(key: string, at: PathSegment[], raw: string): PathSegment[] {
    const path = formatKeyPath(at);
    let target: PathSegment[] | undefined;
    try {
      target = referencedPath(key, at);
    } catch {
      throw new ConfigError('CONFIG_INTERPOLATION_INVALID', `Interpolation '${raw}' at '${path}'${this.origin(path)} has an invalid key '${key}'.`);
    }
    if (target === undefined) {
      throw new ConfigError('CONFIG_INTERPOLATION_MISSING_KEY', `Interpolation '${raw}' at '${path}'${this.origin(path)} climbs above the top level.`);
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
    let at = path;
    while (p === undefined && at.length > 0) {
      p = provenance.get(at);
      const cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
      at = cut < 0 ? '' : at.slice(0, cut);
    }
    return p === undefined ? '' : ` (from ${describeOrigin(p)})`;
  }
}

