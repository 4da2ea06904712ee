/**
 * Plain YAML read without the general parser: block mappings of block lists, one-line scalars,
 * one-line lists of scalars, anchors, aliases and merge keys, the shape of nearly every
 * configuration file.
 *
 * Owns: recognizing that subset, line by line, and reading it into the very data yaml-reader.ts
 * makes of it through the `yaml` library (the same values, float marks and key lines, built by
 * the same steps in yaml-data.ts). Anything else, or anything doubtful, is answered with
 * {@link NOT_PLAIN}, and the caller reads the text with the `yaml` library, which also owns every
 * error message: this module never reports a problem, it only declines.
 *
 * Why: a process reads its store once, at its start, where the general parser is slowest (it is
 * still being compiled and warmed up): about 10 ms of a 60 ms start on Node 22. This reader is a
 * few regular expressions per line. It is tested against the `yaml` library on generated and
 * mutated documents (test/config/yaml-fast-path.property.test.ts): for every text it either
 * declines or gives exactly what the library gives.
 */
import { deepCopy } from './merge.js';
import { placeValue, PyFloat } from './python-values.js';
import { mergeInto, recordKeyLines, setOwn } from './yaml-data.js';
import { isPlainString, plainScalarValue } from './yaml-scalars.js';

/** The answer for a text outside the subset: read it with the general parser. */
export const NOT_PLAIN: unique symbol = Symbol('not plain YAML');

/**
 * Nesting and anchors this reader accepts, far below the general reader's limits (256 levels; an
 * alias budget of at least 10 000 nodes), so that a document it reads is never one the general
 * reader would refuse: alias expansion is counted here more cheaply, and bounded more tightly.
 */
const MAX_FRAMES = 64;
const MAX_ANCHORS = 64;
const MAX_ALIAS_WORK = 10_000;
/** Deepest node, counted as the general reader counts it (an alias adds a level). */
const MAX_HEIGHT = 200;
/** The `yaml` library refuses an implicit key whose `:` is more than 1024 characters in. */
const MAX_KEY_LENGTH = 1000;

/** Any character outside YAML's printable set, a tab, a carriage return, a byte order mark, or
 * one of YAML 1.1's other line breaks (U+0085, U+2028, U+2029): left to the general parser. */
const UNUSUAL_CHARACTER = /[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u;
/** A document marker, a directive or a document end: more than one document, or a header. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ ]|$)/;
/** The characters no plain scalar starts with (YAML's indicators), `-` aside. */
const INDICATORS = ',[]{}#&*!|>\'"%@`?:';
/** Characters a plain key may not hold here: comments, flow indicators, quotes, node properties. */
const DOUBTFUL_IN_KEY = /[#[\]{},"'&*!|>%@`\\]/;
/** What may follow a closed quote, bracket or alias on its line: spaces, then perhaps a comment. */
const LINE_TAIL = /^(?:[ ]+(?:#.*)?)?$/;
const ANCHOR = /^&([A-Za-z0-9_-]+)(?:[ ]+|$)/;
const ALIAS = /^\*([A-Za-z0-9_-]+)/;
const MERGE_LIST = /^\[[ ]*\*[A-Za-z0-9_-]+(?:[ ]*,[ ]*\*[A-Za-z0-9_-]+)*[ ]*\]/;

/** A mapping or list still open: its entries are gathered, and it is built when it closes. */
interface Frame {
  readonly kind: 'map' | 'seq';
  /** The column of its keys, or of its items' `-`. */
  readonly indent: number;
  readonly anchor: string | undefined;
  /** Where it goes when built: its parent's key, or the document itself (no parent). */
  readonly parent: Frame | undefined;
  readonly parentKey: string;
  readonly parentLine: number;
  readonly keys: string[];
  readonly values: unknown[];
  readonly lines: number[];
  /** Its keys so far, for the duplicate check (a mapping of 100 000 keys is checked in linear time). */
  readonly seen: Set<string>;
  merges: Record<string, unknown>[] | undefined;
  /** How deep its deepest entry reaches below it, as the general reader counts depth. */
  height: number;
}

/** A value on its way into a block, with its height (0 for a scalar). */
interface Placed {
  readonly value: unknown;
  readonly height: number;
}

/** A key whose value starts on a later line: a mapping, a list, or nothing (null). */
interface Pending {
  readonly frame: Frame;
  readonly key: string;
  readonly line: number;
  readonly anchor: string | undefined;
}

/** Thrown inside this module only, and caught at its edge: the text is not plain YAML. */
class Declined {}
const DECLINED = new Declined();
const decline = (): never => {
  throw DECLINED;
};

/**
 * Reads `text` if it is plain YAML (see the module comment), else returns {@link NOT_PLAIN}.
 * What it returns equals what yaml-reader.ts reads from the same text with the `yaml` library.
 *
 * @throws nothing: a text this reader cannot vouch for, valid or not, is {@link NOT_PLAIN}.
 */
export function readPlainYaml(text: string): unknown {
  if (UNUSUAL_CHARACTER.test(text)) return NOT_PLAIN;
  try {
    return new PlainReader().read(text);
  } catch (thrown) {
    if (thrown === DECLINED) return NOT_PLAIN;
    throw thrown;
  }
}

class PlainReader {
  private readonly stack: Frame[] = [];
  private readonly anchors = new Map<string, Placed>();
  /** Every anchor name met so far, in the text's order: a name used twice is left to the general parser. */
  private readonly anchorNames = new Set<string>();
  private result: unknown = null;
  private aliases = 0;
  private copied = 0;

  read(text: string): unknown {
    let pending: Pending | undefined;
    let lineNumber = 0;
    for (let start = 0; start <= text.length; ) {
      const found = text.indexOf('\n', start);
      const end = found < 0 ? text.length : found;
      const line = text.slice(start, end);
      start = end + 1;
      lineNumber += 1;
      let indent = 0;
      while (line.charCodeAt(indent) === 0x20) indent += 1;
      const rest = line.slice(indent);
      if (rest === '' || rest.startsWith('#')) continue;
      if (indent === 0 && DOCUMENT_MARKER.test(rest)) decline();
      const isItem = rest === '-' || rest.startsWith('- ');
      if (pending !== undefined) {
        if (this.openPending(pending, indent, isItem)) {
          pending = this.readLine(rest, indent, isItem, lineNumber);
          continue;
        }
      }
      this.closeTo(indent, isItem);
      if (this.stack.length === 0) {
        // The document's first content: a mapping at the left margin, or not plain.
        if (this.result !== null || indent !== 0 || isItem) decline();
        this.open('map', 0, undefined, undefined, '', 0);
      }
      pending = this.readLine(rest, indent, isItem, lineNumber);
    }
    if (pending !== undefined) this.settleEmpty(pending);
    this.closeTo(-1, false);
    if (this.aliases > 0 && (this.copied + this.aliases) * (this.anchors.size + 1) > MAX_ALIAS_WORK) decline();
    return this.result;
  }

  /** Opens the block that a pending key's value is, if this line starts one; else settles it as null. */
  private openPending(pending: Pending, indent: number, isItem: boolean): boolean {
    const parent = pending.frame;
    // A list may sit at its key's own column (`key:` then `- item`); anything else nests deeper.
    if (indent > parent.indent || (isItem && indent === parent.indent)) {
      this.open(isItem ? 'seq' : 'map', indent, pending.anchor, parent, pending.key, pending.line);
      return true;
    }
    this.settleEmpty(pending);
    return false;
  }

  /** A key with nothing after it is null; an anchor on nothing is left to the general parser. */
  private settleEmpty(pending: Pending): void {
    if (pending.anchor !== undefined) decline();
    this.add(pending.frame, pending.key, SCALAR_NULL, pending.line);
  }

  /** Reads one content line into the innermost open block; returns a key whose value follows. */
  private readLine(rest: string, indent: number, isItem: boolean, line: number): Pending | undefined {
    const frame = this.stack[this.stack.length - 1] as Frame;
    if (frame.indent !== indent) decline();
    if (frame.kind === 'seq') {
      if (!isItem) decline();
      const item = rest.slice(1).replace(/^[ ]+/, '');
      if (item === '' || item.startsWith('#') || item.startsWith('&')) decline();
      this.add(frame, '', this.value(item), line);
      return undefined;
    }
    if (isItem) decline();
    const { key, after } = keyOf(rest);
    if (key === '<<' && after.plainKey) {
      if (frame.merges !== undefined) decline();
      frame.merges = this.mergeSources(frame, after.text);
      return undefined;
    }
    let valueText = after.text;
    let anchor: string | undefined;
    const anchored = ANCHOR.exec(valueText);
    if (anchored !== null) {
      anchor = anchored[1] as string;
      valueText = valueText.slice(anchored[0].length);
      if (this.anchorNames.has(anchor) || this.anchorNames.size >= MAX_ANCHORS || valueText.startsWith('*') || valueText.startsWith('&')) decline();
      this.anchorNames.add(anchor);
    }
    if (valueText === '' || valueText.startsWith('#')) return { frame, key, line, anchor };
    const placed = this.value(valueText);
    if (anchor !== undefined) this.anchors.set(anchor, placed);
    this.add(frame, key, placed, line);
    return undefined;
  }

  /** One value on one line: a quoted or plain scalar, an alias, `{}`, or a list of scalars. */
  private value(text: string): Placed {
    const first = text[0] as string;
    if (first === '"' || first === "'") {
      const { value, length } = quoted(text);
      if (!LINE_TAIL.test(text.slice(length))) decline();
      return { value, height: 0 };
    }
    if (first === '*') {
      const alias = ALIAS.exec(text);
      if (alias === null || !LINE_TAIL.test(text.slice(alias[0].length))) decline();
      return this.aliasValue((alias as RegExpExecArray)[1] as string);
    }
    if (first === '{') {
      if (!text.startsWith('{}') || !LINE_TAIL.test(text.slice(2))) decline();
      const empty = {};
      recordKeyLines(empty);
      return { value: empty, height: 1 };
    }
    if (first === '[') return { value: flowList(text), height: 1 };
    return { value: plainValue(plainText(text)), height: 0 };
  }

  /** `<<: *a` or `<<: [*a, *b]`: copies of mappings anchored earlier, in order. */
  private mergeSources(frame: Frame, text: string): Record<string, unknown>[] {
    const list = MERGE_LIST.exec(text);
    const alias = list === null ? ALIAS.exec(text) : null;
    const written = list ?? alias;
    if (written === null || !LINE_TAIL.test(text.slice(written[0].length))) decline();
    const names = [...(written as RegExpExecArray)[0].matchAll(/\*([A-Za-z0-9_-]+)/g)].map((m) => m[1] as string);
    return names.map((name) => {
      const { value, height } = this.aliasValue(name);
      if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof PyFloat) decline();
      // The general reader reads a merge list as a list: one level more.
      this.reach(frame, list === null ? height : height + 1);
      return value as Record<string, unknown>;
    });
  }

  /** A fresh copy of an anchored value, as the general reader reads the anchored node again. */
  private aliasValue(name: string): Placed {
    const anchored = this.anchors.get(name);
    if (anchored === undefined) return decline();
    this.aliases += 1;
    const copy = deepCopy(anchored.value, {
      keyLines: true,
      visit: () => {
        this.copied += 1;
        if (this.copied > MAX_ALIAS_WORK) decline();
      },
    });
    return { value: copy, height: anchored.height + 1 };
  }

  private open(kind: Frame['kind'], indent: number, anchor: string | undefined, parent: Frame | undefined, parentKey: string, parentLine: number): void {
    if (this.stack.length >= MAX_FRAMES) decline();
    this.stack.push({ kind, indent, anchor, parent, parentKey, parentLine, keys: [], values: [], lines: [], seen: new Set(), merges: undefined, height: 0 });
  }

  /** Closes every block this line is outside of: deeper ones, and a list at its key's column when the line is no item. */
  private closeTo(indent: number, isItem: boolean): void {
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined || !(top.indent > indent || (top.kind === 'seq' && top.indent === indent && !isItem))) return;
      this.stack.pop();
      const built = { value: build(top), height: top.height + 1 };
      if (top.anchor !== undefined) this.anchors.set(top.anchor, built);
      if (top.parent === undefined) this.result = built.value;
      else this.add(top.parent, top.parentKey, built, top.parentLine);
    }
  }

  private add(frame: Frame, key: string, placed: Placed, line: number): void {
    // A duplicate key is an error the general parser reports, with its line.
    if (frame.kind === 'map') {
      if (frame.seen.has(key)) decline();
      frame.seen.add(key);
    }
    frame.keys.push(key);
    frame.values.push(placed.value);
    frame.lines.push(line);
    this.reach(frame, placed.height);
  }

  /** Notes how deep an entry of `frame` reaches; past the limit, the general reader decides. */
  private reach(frame: Frame, height: number): void {
    if (height > frame.height) frame.height = height;
    if (height + this.stack.length > MAX_HEIGHT) decline();
  }
}

/** Builds a closed block as yaml-reader.ts builds it: merged keys first, then its own, each placed. */
function build(frame: Frame): unknown {
  if (frame.kind === 'seq') {
    const out: unknown[] = [];
    frame.values.forEach((value, i) => placeValue(out, i, value, undefined, false));
    return out;
  }
  const out: Record<string, unknown> = {};
  const lines = recordKeyLines(out);
  if (frame.merges !== undefined) mergeInto(out, lines, frame.merges);
  frame.keys.forEach((key, i) => {
    placeValue(out, key, frame.values[i], placeOwn, false);
    lines.set(key, frame.lines[i] as number);
  });
  return out;
}

const SCALAR_NULL: Placed = { value: null, height: 0 };

const placeOwn = (target: Record<string, unknown> | unknown[], key: string | number, value: unknown): void => setOwn(target as Record<string, unknown>, String(key), value);

/** A mapping line's key and what follows its `: `. */
function keyOf(rest: string): { key: string; after: { text: string; plainKey: boolean } } {
  const first = rest[0] as string;
  let key: string;
  let tail: string;
  let plainKey = false;
  if (first === '"' || first === "'") {
    const { value, length } = quoted(rest);
    key = value;
    tail = rest.slice(length);
    if (!tail.startsWith(':')) decline();
  } else {
    const colon = keyColon(rest);
    key = withoutTrailingSpaces(rest.slice(0, colon));
    tail = rest.slice(colon);
    // A key that is not a string in YAML 1.1 (`yes:`, `1:`, `~:`) is read by the general reader.
    if (key === '' || INDICATORS.includes(first) || first === '-' || DOUBTFUL_IN_KEY.test(key) || (key !== '<<' && !isPlainString(key))) decline();
    plainKey = true;
  }
  if (tail.length > 1 && tail[1] !== ' ') decline();
  if (rest.length - tail.length > MAX_KEY_LENGTH) decline();
  return { key, after: { text: tail.slice(1).replace(/^[ ]+/, ''), plainKey } };
}

/** Where a plain key ends: its first `:` followed by a space or the line's end. */
function keyColon(rest: string): number {
  for (let at = rest.indexOf(':'); at >= 0; at = rest.indexOf(':', at + 1)) {
    if (at + 1 === rest.length || rest[at + 1] === ' ') return at;
  }
  return decline();
}

/** A quoted scalar that ends on its line: single quotes (`''` is one quote), or double quotes
 * without escapes. Its value, and how many characters it took. */
function quoted(text: string): { value: string; length: number } {
  const quote = text[0] as string;
  if (quote === '"') {
    const close = text.indexOf('"', 1);
    if (close < 0 || text.slice(1, close).includes('\\')) decline();
    return { value: text.slice(1, close), length: close + 1 };
  }
  let value = '';
  for (let at = 1; ; ) {
    const close = text.indexOf("'", at);
    if (close < 0) decline();
    value += text.slice(at, close);
    if (text[close + 1] !== "'") return { value, length: close + 1 };
    value += "'";
    at = close + 2;
  }
}

/** A plain scalar's text on a value line: up to a comment, without trailing spaces. */
function plainText(text: string): string {
  const comment = text.indexOf(' #');
  return withoutTrailingSpaces(comment < 0 ? text : text.slice(0, comment));
}

/** `text` without the spaces it ends with. A loop, not `/ +$/`: that regular expression takes
 * quadratic time on a long run of spaces in the middle of a line. */
function withoutTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x20) end -= 1;
  return text.slice(0, end);
}

/** A plain scalar in a block, if it is one this reader is sure of: its value. */
function plainValue(text: string): unknown {
  const first = text[0] as string;
  // `-` may start a plain scalar (`-5`) when no space follows it; the other indicators may not.
  if (INDICATORS.includes(first) || (first === '-' && (text.length === 1 || text[1] === ' '))) decline();
  // `a: b: c` is an error; `a: b:` is doubtful: both left to the general parser.
  if (text.includes(': ') || text.endsWith(':')) decline();
  try {
    return plainScalarValue(text);
  } catch {
    // A scalar its rule claims but cannot make a value of (`0x_`): the general reader reports it.
    return decline();
  }
}

/** `[a, 'b', 3]` on one line: a list of scalars, without nesting, anchors or aliases. */
function flowList(text: string): unknown[] {
  const values: unknown[] = [];
  let at = 1;
  const skipSpaces = (): void => {
    while (text[at] === ' ') at += 1;
  };
  skipSpaces();
  if (text[at] === ']') {
    at += 1;
  } else {
    for (;;) {
      skipSpaces();
      const first = text[at];
      if (first === '"' || first === "'") {
        const { value, length } = quoted(text.slice(at));
        values.push(value);
        at += length;
      } else {
        let end = at;
        while (end < text.length && !',[]{}#'.includes(text[end] as string)) end += 1;
        const item = withoutTrailingSpaces(text.slice(at, end));
        // A flow item with `:` may be a pair; an empty one is an error: both to the general parser.
        if (item === '' || item.includes(':')) decline();
        values.push(plainValue(item));
        at = end;
      }
      skipSpaces();
      if (text[at] === ',') {
        at += 1;
        continue;
      }
      if (text[at] !== ']') decline();
      at += 1;
      break;
    }
  }
  if (!LINE_TAIL.test(text.slice(at))) decline();
  const out: unknown[] = [];
  values.forEach((value, i) => placeValue(out, i, value, undefined, false));
  return out;
}
