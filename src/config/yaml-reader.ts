/**
 * Reading YAML the way PyYAML and OmegaConf read it, safely.
 *
 * Owns: the scalar rules (YAML 1.1 as PyYAML resolves it, with OmegaConf's float rule and no
 * timestamps), merge keys and anchors, the limits (aliases, depth), duplicate-key rejection, and
 * the line of every mapping key (for provenance).
 * Does not own: which files are read (layer-plan.ts) or what the values mean.
 */
import {
  LineCounter,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type ScalarTag,
  type Tags,
} from 'yaml';
import { decodeUtf8, FileReadError, readRegularFileSync } from '../files/read-regular-file.js';
import { ConfigError } from './config-errors.js';
import { DEFAULT_CONFIG_LIMITS } from './limits.js';
import { pythonFloatRepr } from './python-text.js';
import { markKeyType, moveMark, placeValue, PyFloat } from './python-values.js';
import { estimateYamlDepth } from './yaml-depth.js';

/** Deepest nesting accepted; deeper documents are rejected rather than risking the stack. */
export const MAX_YAML_DEPTH = 256;

/** Slack for the pre-scan's estimate; the exact limit is applied while reading the parsed document. */
const DEPTH_ESTIMATE_MARGIN = 64;

/** Largest configuration file read by default; a store file beyond it is an error, not a slow start. */
export const MAX_YAML_FILE_BYTES = DEFAULT_CONFIG_LIMITS.maxFileBytes;
/** Nodes that alias expansion may add, beyond this many per node of the document itself. */
const ALIAS_EXPANSION_FACTOR = 10;
const ALIAS_EXPANSION_FLOOR = 10_000;

const keyLines = new WeakMap<object, Map<string, number>>();

/** The lines of every key of a mapping read by this module (key → 1-based line), if it was. */
export function keyLinesOf(mapping: object): ReadonlyMap<string, number> | undefined {
  return keyLines.get(mapping);
}

/** Sets a property as an own data property, so `__proto__` is a plain key that never touches a prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

interface ScalarRule {
  readonly tag: string;
  /** Characters a matching plain scalar can start with ('' also admits the empty scalar). */
  readonly first: string;
  readonly pattern: RegExp;
  readonly resolve: (source: string) => unknown;
}

const NUMERIC_START = '+-.0123456789';
const rule = (tag: string, first: string, pattern: RegExp, resolve: (source: string) => unknown): ScalarRule => ({ tag, first, pattern, resolve });

const parseSexagesimal = (source: string): number => {
  const sign = source.startsWith('-') ? -1 : 1;
  const parts = source.replace(/^[-+]/, '').split(':');
  let total = 0;
  for (const part of parts) total = total * 60 + Number(part);
  return sign * total;
};
const digits = (source: string): string => source.replaceAll('_', '');

/** An int as Python holds it: exact. A number within 2^53, else a BigInt (never rounded). */
function exactInt(sign: string, body: string, radix: 2 | 8 | 10 | 16): number | bigint {
  const prefix = radix === 2 ? '0b' : radix === 8 ? '0o' : radix === 16 ? '0x' : '';
  const magnitude = BigInt(`${prefix}${body}`);
  const value = sign === '-' ? -magnitude : magnitude;
  // `+ 0` turns -0 into 0: Python's int has no negative zero.
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) + 0 : value;
}
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const signOf = (s: string): string => (s.startsWith('-') ? '-' : '');
const unsigned = (s: string): string => digits(s).replace(/^[-+]/, '');

/** A float as read: boxed, so that an integral one (`1.0`) is still known to be a float. */
const pyFloat = (value: number): PyFloat => new PyFloat(value);

// PyYAML's float resolver, then (after the ints) OmegaConf 2.3's: mxm-config pins OmegaConf 2.3,
// whose rule reads `1e5` as a float but `0_e0` and `1_0e1_0` as strings (OmegaConf 2.2 read
// those two as floats: commit 5d8fb151, "Restrict underscore formats which are converted to float").
const PYYAML_FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?)$/;
const OMEGACONF_23_FLOAT = /^(?:[-+]?[0-9]+(?:_[0-9]+)*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+(?:_[0-9]+)*[eE][-+]?[0-9]+|\.[0-9]+(?:_[0-9]+)*(?:[eE][-+][0-9]+)?)$/;

// PyYAML's implicit resolvers for YAML 1.1, as OmegaConf configures them.
const PYYAML_RULES: readonly ScalarRule[] = [
  rule('null', '~nN', /^(?:~|null|Null|NULL)?$/, () => null),
  rule('bool', 'yYtToO', /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/, () => true),
  rule('bool', 'nNfFoO', /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/, () => false),
  rule('int', NUMERIC_START, /^[-+]?0b[0-1_]+$/, (s) => exactInt(signOf(s), unsigned(s).slice(2), 2)),
  rule('int', NUMERIC_START, /^[-+]?0x[0-9a-fA-F_]+$/, (s) => exactInt(signOf(s), unsigned(s).slice(2), 16)),
  rule('int', NUMERIC_START, /^[-+]?0[0-7_]+$/, (s) => exactInt(signOf(s), unsigned(s), 8)),
  rule('int', NUMERIC_START, /^[-+]?(?:0|[1-9][0-9_]*)$/, (s) => exactInt(signOf(s), unsigned(s), 10)),
  rule('int', NUMERIC_START, /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/, (s) => parseSexagesimal(digits(s)) + 0),
  rule('float', NUMERIC_START, /^[-+]?\.(?:inf|Inf|INF)$/, (s) => pyFloat(s.startsWith('-') ? -Infinity : Infinity)),
  rule('float', NUMERIC_START, /^\.(?:nan|NaN|NAN)$/, () => pyFloat(Number.NaN)),
  rule('float', NUMERIC_START, /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/, (s) => pyFloat(parseSexagesimal(digits(s)))),
  { tag: 'float', first: NUMERIC_START, pattern: { test: (s: string) => PYYAML_FLOAT.test(s) || OMEGACONF_23_FLOAT.test(s) } as RegExp, resolve: (s) => pyFloat(Number(digits(s))) },
];

/** PyYAML's constructors for explicitly tagged scalars (SafeConstructor.construct_yaml_*). */
const EXPLICIT_CONSTRUCTORS: Readonly<Record<'float' | 'int' | 'bool' | 'null', (source: string) => unknown>> = {
  float: (source) => {
    const text = digits(source).toLowerCase();
    const sign = text.startsWith('-') ? -1 : 1;
    const body = text.replace(/^[-+]/, '');
    if (body === '.inf') return pyFloat(sign * Infinity);
    if (body === '.nan') return pyFloat(Number.NaN);
    if (body.includes(':')) return pyFloat(sign * parseSexagesimal(body));
    // Python's float(): digits with an optional point and exponent, or inf/infinity/nan; spaces around.
    const trimmed = body.trim();
    if (/^(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?|inf|infinity|nan)$/.test(trimmed)) {
      return pyFloat(sign * (trimmed.startsWith('inf') ? Infinity : trimmed === 'nan' ? Number.NaN : Number(trimmed)));
    }
    throw new Error('not a float');
  },
  int: (source) => {
    const text = digits(source);
    const sign = signOf(text);
    const body = text.replace(/^[-+]/, '');
    if (body === '0') return 0;
    if (/^0b[01]+$/.test(body)) return exactInt(sign, body.slice(2), 2);
    if (/^0x[0-9a-fA-F]+$/.test(body)) return exactInt(sign, body.slice(2), 16);
    if (/^0[0-7]+$/.test(body)) return exactInt(sign, body, 8);
    if (/^[0-9]+(?::[0-5]?[0-9])+$/.test(body)) return (sign === '-' ? -1 : 1) * parseSexagesimal(body) + 0;
    if (/^[0-9]+$/.test(body.trim())) return exactInt(sign, body.trim(), 10);
    throw new Error('not an int');
  },
  bool: (source) => {
    const value = ({ yes: true, no: false, true: true, false: false, on: true, off: false } as Record<string, boolean>)[source.toLowerCase()];
    if (value === undefined) throw new Error('not a YAML 1.1 boolean');
    return value;
  },
  null: () => null,
};

// The parser asks every tag in turn whether a plain scalar is its own: 12 regular expressions for
// each string. Classifying once (most scalars are excluded by their first character) and
// answering the rest from a one-entry memo keeps that to one cheap pass per scalar.
let memoSource: string | undefined;
let memoRule = -1;
function ruleOf(source: string): number {
  if (source !== memoSource) {
    memoSource = source;
    memoRule = -1;
    const first = source.length === 0 ? '' : (source[0] as string);
    for (let i = 0; i < PYYAML_RULES.length; i += 1) {
      const r = PYYAML_RULES[i] as ScalarRule;
      if ((first === '' ? r.tag === 'null' : r.first.includes(first)) && r.pattern.test(source)) {
        memoRule = i;
        break;
      }
    }
  }
  return memoRule;
}

// The parser only calls test(); a classifier in RegExp's clothing.
const classifies = (rule: number): RegExp => ({ test: (source: string) => ruleOf(source) === rule }) as unknown as RegExp;

const PYYAML_SCALARS: ScalarTag[] = [
  // Most plain scalars are strings: answering that first spares the parser asking twelve rules.
  { tag: 'tag:yaml.org,2002:str', default: true, test: classifies(-1), resolve: (source: string) => source },
  ...PYYAML_RULES.map((r, i) => ({ tag: `tag:yaml.org,2002:${r.tag}`, default: true, test: classifies(i), resolve: r.resolve as ScalarTag['resolve'] })),
  // An explicit tag (`!!float 1`) is constructed as PyYAML constructs it, whatever the text looks like.
  ...Object.entries(EXPLICIT_CONSTRUCTORS).map(([name, construct]) => ({
    tag: `tag:yaml.org,2002:${name}`,
    resolve: (source: string, onError: (message: string) => void) => {
      try {
        return construct(source);
      } catch (error) {
        onError(`!!${name} cannot be applied to ${JSON.stringify(source.slice(0, 40))}: ${(error as Error).message}`);
        return null;
      }
    },
  })),
];

const KEPT_LIBRARY_TAGS = new Set(['tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq', 'tag:yaml.org,2002:str', 'tag:yaml.org,2002:merge']);

function pyyamlTags(libraryTags: Tags): Tags {
  const kept = libraryTags.filter((t) => typeof t !== 'string' && KEPT_LIBRARY_TAGS.has(t.tag));
  return [...kept, ...PYYAML_SCALARS];
}

/** The result of reading one YAML text: plain data, every mapping's key lines recorded. */
export interface ParsedYaml {
  readonly data: unknown;
}

/**
 * Parses YAML text with PyYAML/OmegaConf scalar rules.
 *
 * @param text - the YAML text.
 * @param file - the file name used in error messages.
 * @throws {ConfigError} `CONFIG_YAML_INVALID` for syntax errors, duplicate keys, unknown tags,
 *   non-scalar keys or more than one document; `CONFIG_YAML_LIMIT` for alias expansion or nesting
 *   beyond the limits.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  if (estimateYamlDepth(text) > MAX_YAML_DEPTH + DEPTH_ESTIMATE_MARGIN) throw tooDeep(file, undefined);
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      version: '1.1',
      schema: 'yaml-1.1',
      customTags: pyyamlTags,
      merge: true,
      // Duplicates are found by the reader below in one pass: the parser's own check compares every
      // key with every other (a 40 000-key mapping took 38 s).
      uniqueKeys: false,
      strict: true,
      prettyErrors: false,
      lineCounter,
    });
  } catch (cause) {
    if ((cause as Error | undefined)?.name === 'RangeError') throw tooDeep(file, cause);
    throw yamlError(file, cause instanceof Error ? cause.message : String(cause), undefined, cause);
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    // The parser records its own stack overflow as an error: only absurd nesting gets there.
    if (problem.message.includes('Maximum call stack size exceeded')) throw tooDeep(file, problem);
    const line = lineCounter.linePos(problem.pos[0]).line;
    throw yamlError(file, describeYamlProblem(problem.code, problem.message), line);
  }
  const reader = new NodeReader(doc, file, lineCounter, text.length);
  return { data: reader.read(doc.contents as YamlNode | null, 0) };
}

/**
 * Reads and parses one YAML file.
 *
 * @throws {ConfigError} `CONFIG_FILE_UNREADABLE` when the file cannot be read (a directory, no
 *   permission, bytes that are not UTF-8), or any error of {@link parseYaml}.
 */
export function readYamlFile(file: string, maxBytes: number = MAX_YAML_FILE_BYTES): ParsedYaml {
  let text: string;
  try {
    // Only regular files, within the size cap, unchanged while read (read-regular-file.ts).
    text = decodeUtf8(readRegularFileSync(file, maxBytes));
  } catch (cause) {
    if (!(cause instanceof FileReadError)) throw cause;
    const code = cause.reason === 'too-large' ? 'CONFIG_YAML_LIMIT' : 'CONFIG_FILE_UNREADABLE';
    const dangling = cause.reason === 'not-found' ? ' (a dangling symlink, or it vanished while being read)' : '';
    throw new ConfigError(code, `Configuration file ${file} ${cause.description}${dangling}.`, { cause });
  }
  return parseYaml(text, file);
}

function describeYamlProblem(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return `duplicate key (${message.split('\n')[0]})`;
  if (code === 'TAG_RESOLVE_FAILED' || message.includes('Unresolved tag')) return `unsupported tag (${message.split('\n')[0]}); only the standard YAML tags are accepted`;
  return message.split('\n')[0] ?? message;
}

function tooDeep(file: string, cause: unknown): ConfigError {
  return new ConfigError('CONFIG_YAML_LIMIT', `YAML in ${file} nests too deeply to parse (the limit is ${MAX_YAML_DEPTH} levels).`, { cause });
}

function yamlError(file: string, detail: string, line: number | undefined, cause?: unknown): ConfigError {
  const where = line === undefined ? file : `${file}:${line}`;
  return new ConfigError('CONFIG_YAML_INVALID', `Invalid YAML in ${where}: ${detail}`, { cause });
}

/** Turns the parsed document into plain data, recording key lines, expanding aliases within a budget. */
class NodeReader {
  private aliasBudget: number;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly file: string,
    private readonly lines: LineCounter,
    sourceLength: number,
  ) {
    // Budget proportional to the document: a node takes at least a few characters of source.
    this.aliasBudget = Math.max(ALIAS_EXPANSION_FLOOR, (ALIAS_EXPANSION_FACTOR * sourceLength) / 4);
  }

  read(node: YamlNode | null | undefined, depth: number): unknown {
    if (node === null || node === undefined) return null;
    if (depth > MAX_YAML_DEPTH) {
      throw new ConfigError('CONFIG_YAML_LIMIT', `YAML in ${this.where(node)} nests deeper than ${MAX_YAML_DEPTH} levels.`);
    }
    // A scalar may be a boxed float: whoever places it in a list or mapping unboxes it (placeValue).
    if (isScalar(node)) return node.value;
    if (isAlias(node)) return this.expandAlias(node, depth);
    if (isSeq(node)) {
      const out: unknown[] = [];
      node.items.forEach((item, i) => placeValue(out, i, this.read(item as YamlNode, depth + 1), undefined, false));
      return out;
    }
    if (isMap(node)) return this.readMap(node, depth);
    throw yamlError(this.file, 'unsupported node', this.lineOf(node));
  }

  private expandAlias(node: YamlNode & { resolve(doc: Document): YamlNode | undefined; source: string }, depth: number): unknown {
    const target = node.resolve(this.doc);
    if (target === undefined) throw yamlError(this.file, `unknown alias *${node.source}`, this.lineOf(node));
    const before = this.aliasBudget;
    this.aliasBudget -= 1;
    const value = this.read(target, depth + 1);
    this.aliasBudget -= countNodes(value, this.aliasBudget + 1);
    if (this.aliasBudget < 0) {
      throw new ConfigError('CONFIG_YAML_LIMIT', `YAML in ${this.where(node)} expands aliases beyond the limit (${Math.round(before)} nodes left); an alias bomb?`);
    }
    return value;
  }

  private readMap(node: YamlNode & { items: unknown[] }, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const lines = new Map<string, number>();
    keyLines.set(out, lines);
    // Merge keys (PyYAML's order): merged keys come first, earlier sources win, explicit keys override.
    let merges: unknown[] | undefined;
    for (const pair of node.items) if (isPair(pair) && isScalar(pair.key) && typeof pair.key.value === 'symbol') (merges ??= []).push(pair);
    for (const pair of merges ?? []) {
      const { key, value } = pair as { key: YamlNode; value: YamlNode | null };
      for (const source of this.mergeSources(value, depth, key)) {
        const sourceLines = keyLines.get(source);
        for (const [key, value] of Object.entries(source)) {
          if (Object.prototype.hasOwnProperty.call(out, key)) continue;
          setOwn(out, key, value);
          moveMark(source, key, out, key);
          const line = sourceLines?.get(key);
          if (line !== undefined) lines.set(key, line);
        }
      }
    }
    // A key is its scalar's type and value, as the parser's check compared them (`1` and `'1'` differ).
    const explicit = new Set<string>();
    for (const pair of node.items) {
      if (!isPair(pair) || merges?.includes(pair) === true) continue;
      const keyNode = pair.key as YamlNode | null;
      const key = this.keyOf(keyNode, out);
      const kind = isScalar(keyNode) ? (keyNode.value instanceof PyFloat ? 'float' : typeof keyNode.value) : 'null';
      const identity = `${kind}:${key}`;
      if (explicit.has(identity)) throw yamlError(this.file, `duplicate key '${key}'`, this.lineOf(keyNode));
      explicit.add(identity);
      placeValue(out, key, this.read(pair.value as YamlNode | null, depth + 1), (target, k, v) => setOwn(target as Record<string, unknown>, String(k), v), false);
      const line = keyNode === null ? undefined : this.lineOf(keyNode);
      if (line !== undefined) lines.set(key, line);
    }
    return out;
  }

  private mergeSources(value: YamlNode | null, depth: number, mergeKey: YamlNode): Record<string, unknown>[] {
    const sources = isSeq(value) ? (value.items as (YamlNode | null)[]) : [value];
    return sources.map((source) => {
      const data = this.read(source, depth + 1);
      if (data === null || typeof data !== 'object' || Array.isArray(data)) {
        throw yamlError(this.file, 'a merge key (<<) must refer to a mapping or a list of mappings', this.lineOf(source) ?? this.lineOf(mergeKey));
      }
      return data as Record<string, unknown>;
    });
  }

  /**
   * A key as OmegaConf prints it (`True`, `1`, `1.5`), its Python type recorded on `mapping`.
   * A null key is refused, as OmegaConf refuses it ("Incompatible key type 'NoneType'").
   */
  private keyOf(node: YamlNode | null, mapping: Record<string, unknown>): string {
    if (isScalar(node) && node.value !== null) {
      const v = node.value;
      if (typeof v === 'string') return v;
      let key: string;
      if (typeof v === 'boolean') {
        key = v ? 'True' : 'False';
        markKeyType(mapping, key, 'bool');
      } else if (v instanceof PyFloat) {
        key = pythonFloatRepr(v.value);
        markKeyType(mapping, key, 'float');
      } else {
        key = String(v);
        markKeyType(mapping, key, 'int');
      }
      return key;
    }
    if (node === null || isScalar(node)) throw yamlError(this.file, 'a mapping key is null (~, null or empty); OmegaConf accepts no null key', this.lineOf(node));
    throw yamlError(this.file, 'mapping keys must be scalars', this.lineOf(node));
  }

  private lineOf(node: YamlNode | null | undefined): number | undefined {
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }

  private where(node: YamlNode): string {
    const line = this.lineOf(node);
    return line === undefined ? this.file : `${this.file}:${line}`;
  }
}

/** Counts nodes of plain data, stopping once `limit` is passed. */
function countNodes(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const v = stack.pop();
    count += 1;
    if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') stack.push(...Object.values(v));
  }
  return count;
}
