/**
 * OmegaConf's `element` rule: what a resolver argument or an `oc.decode` string may be — a
 * primitive, a quoted string, a list `[1, a, [b]]` or a dict `{a: 1, b: [2]}`.
 *
 * Owns: splitting such text into a tree, with escapes (`\,`) undone in primitives. Does not own:
 * typing primitives (python-text.ts) or evaluating interpolations inside them (interpolation.ts).
 */
import { ConfigError } from './config-errors.js';

/** A parsed element; primitives and quoted text may still hold interpolations. */
export type Element =
  | { readonly kind: 'primitive'; readonly text: string; readonly escaped: boolean }
  | { readonly kind: 'quoted'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly Element[] }
  | { readonly kind: 'dict'; readonly entries: readonly (readonly [string, Element])[] };

/** Characters a backslash escapes in an unquoted value (the grammar's ESC token). */
const ESCAPABLE = new Set(['\\', '(', ')', '[', ']', '{', '}', ':', '=', ',', ' ', '\t']);

/**
 * Parses `text` as one element, surrounding whitespace ignored.
 *
 * @throws {ConfigError} `CONFIG_INTERPOLATION_INVALID` naming `where` when the text is not one
 *   element (an unclosed bracket or quote, text after the element).
 */
export function parseElement(text: string, where: string): Element {
  const parser = new ElementParser(text, where);
  parser.spaces();
  const element = parser.element('');
  parser.spaces();
  if (!parser.done()) throw parser.error(`unexpected '${text.slice(parser.at(), parser.at() + 20)}'`);
  return element;
}

/** The length of the bracketed element starting at `start` (`[…]` or `{…}`), quotes and `${…}` respected. */
export function bracketedLength(text: string, start: number): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i] as string;
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '{') depth += 1;
    else if (c === ']' || c === '}') {
      depth -= 1;
      if (depth === 0) return i + 1 - start;
    }
  }
  return undefined;
}

class ElementParser {
  private i = 0;

  constructor(
    private readonly s: string,
    private readonly where: string,
  ) {}

  at(): number {
    return this.i;
  }

  done(): boolean {
    return this.i >= this.s.length;
  }

  spaces(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i += 1;
  }

  element(stops: string): Element {
    this.spaces();
    const c = this.s[this.i];
    if (c === '[') return this.list();
    if (c === '{') return this.dict();
    if (c === "'" || c === '"') {
      const quoted = this.quoted(c);
      this.spaces();
      return quoted;
    }
    return this.primitive(stops);
  }

  private list(): Element {
    this.i += 1;
    const items: Element[] = [];
    this.spaces();
    if (this.s[this.i] === ']') {
      this.i += 1;
      return { kind: 'list', items };
    }
    for (;;) {
      items.push(this.element(',]'));
      const c = this.s[this.i];
      this.i += 1;
      if (c === ']') return { kind: 'list', items };
      if (c !== ',') throw this.error('a list is not closed with ]');
    }
  }

  private dict(): Element {
    this.i += 1;
    const entries: [string, Element][] = [];
    this.spaces();
    if (this.s[this.i] === '}') {
      this.i += 1;
      return { kind: 'dict', entries };
    }
    for (;;) {
      this.spaces();
      const key = this.primitive(':,}');
      if (this.s[this.i] !== ':' || key.kind !== 'primitive' || key.text === '') throw this.error('a dict entry needs a key and a colon');
      this.i += 1;
      entries.push([key.text, this.element(',}')]);
      const c = this.s[this.i];
      this.i += 1;
      if (c === '}') return { kind: 'dict', entries };
      if (c !== ',') throw this.error('a dict is not closed with }');
    }
  }

  private quoted(quote: string): Element {
    this.i += 1;
    let text = '';
    while (this.i < this.s.length && this.s[this.i] !== quote) {
      if (this.s[this.i] === '\\' && (this.s[this.i + 1] === quote || this.s[this.i + 1] === '\\')) {
        text += this.s[this.i + 1];
        this.i += 2;
      } else {
        text += this.s[this.i];
        this.i += 1;
      }
    }
    if (this.s[this.i] !== quote) throw this.error('a quote is not closed');
    this.i += 1;
    return { kind: 'quoted', text };
  }

  /** Text up to a stop character at depth 0 (an interpolation's own braces do not stop it). */
  private primitive(stops: string): Element {
    let text = '';
    let escaped = false;
    // Escaped characters (`\ `) survive the trimming of surrounding whitespace.
    let keep = 0;
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i] as string;
      if (depth === 0 && stops.includes(c)) break;
      if (c === '\\' && depth === 0 && ESCAPABLE.has(this.s[this.i + 1] ?? '')) {
        text += this.s[this.i + 1];
        escaped = true;
        keep = text.length;
        this.i += 2;
        continue;
      }
      if (this.s.startsWith('${', this.i)) {
        depth += 1;
        text += '${';
        this.i += 2;
        continue;
      }
      if (c === '}' && depth > 0) depth -= 1;
      text += c;
      this.i += 1;
    }
    const trimmed = text.trimEnd();
    return { kind: 'primitive', text: trimmed.length >= keep ? trimmed : text.slice(0, keep), escaped };
  }

  error(why: string): ConfigError {
    return new ConfigError('CONFIG_INTERPOLATION_INVALID', `Invalid value at ${this.where}: ${why}.`);
  }
}
