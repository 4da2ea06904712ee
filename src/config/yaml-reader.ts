/**
 * Reading YAML the way PyYAML and OmegaConf read it, safely.
 *
 * Owns: reading a text through the `yaml` library with PyYAML's scalar rules (yaml-scalars.ts),
 * merge keys and anchors, the limits (aliases, depth), duplicate-key rejection, the line of every
 * mapping key (for provenance), and every YAML error message. Plain configuration YAML is read by
 * yaml-fast-path.ts first, into the same data; whatever it declines is read here.
 * Does not own: which files are read (layer-plan.ts) or what the values mean.
 */
import type * as Yaml from 'yaml';
import type { Document, LineCounter, Node as YamlNode } from 'yaml';
import { decodeUtf8, FileReadError, readRegularFileSync } from '../files/read-regular-file.js';
import { ConfigError } from './config-errors.js';
import { DEFAULT_CONFIG_LIMITS } from './limits.js';
import { pythonFloatRepr } from './python-text.js';
import { markKeyType, placeValue, PyFloat } from './python-values.js';
import { aliasBudgetFor, countNodes, MAX_YAML_DEPTH, mergeInto, recordKeyLines, setOwn } from './yaml-data.js';
import { estimateYamlDepth } from './yaml-depth.js';
import { NOT_PLAIN, readPlainYaml } from './yaml-fast-path.js';
import { yamlLibrary } from './yaml-library.js';
import { pyyamlTags } from './yaml-scalars.js';

export { MAX_YAML_DEPTH } from './yaml-data.js';

/** Slack for the pre-scan's estimate; the exact limit is applied while reading the parsed document. */
const DEPTH_ESTIMATE_MARGIN = 64;

/** Largest configuration file read by default; a store file beyond it is an error, not a slow start. */
export const MAX_YAML_FILE_BYTES = DEFAULT_CONFIG_LIMITS.maxFileBytes;

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
  checkDepthEstimate(text, file);
  // Plain configuration YAML is read without the general parser (yaml-fast-path.ts): the same data, sooner.
  const plain = readPlainYaml(text);
  if (plain !== NOT_PLAIN) return { data: plain };
  return readWithLibrary(text, file);
}

/** Refuses a text whose nesting, estimated in one pass, is absurd: before any reader recurses into it. */
function checkDepthEstimate(text: string, file: string): void {
  if (estimateYamlDepth(text) > MAX_YAML_DEPTH + DEPTH_ESTIMATE_MARGIN) throw tooDeep(file, undefined);
}

/**
 * {@link parseYaml} through the `yaml` library alone, for any text: the reference the fast path
 * is tested against.
 *
 * @throws {ConfigError} as {@link parseYaml}.
 */
export function parseYamlWithLibrary(text: string, file: string): ParsedYaml {
  checkDepthEstimate(text, file);
  return readWithLibrary(text, file);
}

/** The library's reading of a text whose depth estimate has passed. */
function readWithLibrary(text: string, file: string): ParsedYaml {
  const yaml = yamlLibrary();
  const lineCounter = new yaml.LineCounter();
  let doc: Document.Parsed;
  try {
    doc = yaml.parseDocument(text, {
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
  const reader = new NodeReader(yaml, doc, file, lineCounter, text.length);
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
  if (message.includes('Unresolved tag')) return `unsupported tag (${message.split('\n')[0]}); only the standard YAML tags are accepted`;
  // A tag that exists but cannot take this text (`!!int abc`), or a plain scalar shaped like a
  // number with no digits (`0b_`, which PyYAML refuses too).
  if (code === 'TAG_RESOLVE_FAILED') return `a value its YAML type cannot take (${message.split('\n')[0]})`;
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
    private readonly yaml: typeof Yaml,
    private readonly doc: Document.Parsed,
    private readonly file: string,
    private readonly lines: LineCounter,
    sourceLength: number,
  ) {
    this.aliasBudget = aliasBudgetFor(sourceLength);
  }

  read(node: YamlNode | null | undefined, depth: number): unknown {
    if (node === null || node === undefined) return null;
    if (depth > MAX_YAML_DEPTH) {
      throw new ConfigError('CONFIG_YAML_LIMIT', `YAML in ${this.where(node)} nests deeper than ${MAX_YAML_DEPTH} levels.`);
    }
    // A scalar may be a boxed float: whoever places it in a list or mapping unboxes it (placeValue).
    if (this.yaml.isScalar(node)) return node.value;
    if (this.yaml.isAlias(node)) return this.expandAlias(node, depth);
    if (this.yaml.isSeq(node)) {
      const out: unknown[] = [];
      node.items.forEach((item, i) => placeValue(out, i, this.read(item as YamlNode, depth + 1), undefined, false));
      return out;
    }
    if (this.yaml.isMap(node)) return this.readMap(node, depth);
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
    const lines = recordKeyLines(out);
    // Merge keys (PyYAML's order): merged keys come first, earlier sources win, explicit keys override.
    let merges: unknown[] | undefined;
    for (const pair of node.items) if (this.yaml.isPair(pair) && this.yaml.isScalar(pair.key) && typeof pair.key.value === 'symbol') (merges ??= []).push(pair);
    for (const pair of merges ?? []) {
      const { key, value } = pair as { key: YamlNode; value: YamlNode | null };
      mergeInto(out, lines, this.mergeSources(value, depth, key));
    }
    // A key is its scalar's type and value, as the parser's check compared them (`1` and `'1'` differ).
    const explicit = new Set<string>();
    for (const pair of node.items) {
      if (!this.yaml.isPair(pair) || merges?.includes(pair) === true) continue;
      const keyNode = pair.key as YamlNode | null;
      const key = this.keyOf(keyNode, out);
      const kind = this.yaml.isScalar(keyNode) ? (keyNode.value instanceof PyFloat ? 'float' : typeof keyNode.value) : 'null';
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
    const sources = this.yaml.isSeq(value) ? (value.items as (YamlNode | null)[]) : [value];
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
    if (this.yaml.isScalar(node) && node.value !== null) {
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
    if (node === null || this.yaml.isScalar(node)) throw yamlError(this.file, 'a mapping key is null (~, null or empty); OmegaConf accepts no null key', this.lineOf(node));
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
