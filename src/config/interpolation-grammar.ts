/**
 * The grammar of OmegaConf interpolations: `${a.b}`, `${.x}`, `${..x}`, `${resolver:arg,…}`,
 * interpolations inside strings and inside arguments, and `\${` as an escaped literal.
 *
 * Owns: parsing a string into text and interpolation parts. Does not own: evaluation.
 */
import { ConfigError } from './config-errors.js';
import { bracketedLength } from './element-grammar.js';
import { DEFAULT_CONFIG_LIMITS, limitExceeded } from './limits.js';

/** A parsed template: literal text and interpolations, in order. */
export type Template = readonly Part[];
/** One part of a template. */
export type Part = { readonly kind: 'text'; readonly text: string } | Interpolation;
/** One `${…}`. */
export type Interpolation =
  | { readonly kind: 'node'; readonly key: Template; readonly raw: string }
  | { readonly kind: 'resolver'; readonly name: string; readonly args: readonly Argument[]; readonly raw: string };
/** A resolver argument: a template; quoted arguments are always strings. */
export interface Argument {
  readonly template: Template;
  readonly quoted: boolean;
  /** The raw text of a list or dict argument (`[1, ${a}]`, `{a: 1}`), read by element-grammar.ts. */
  readonly container?: string | undefined;
}

/** What a backslash escapes in an unquoted resolver argument (the grammar's ESC token). */
const ARGUMENT_ESCAPES = '\\()[]{}:=, \t';

// Sticky, so each `${` is matched where it stands without slicing the rest of the string.
const RESOLVER_NAME = /\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*:/y;

/**
 * Parses a string value into a template.
 *
 * @param maxNesting - deepest `${` inside `${` accepted (the parser recurses once per level).
 * @throws {ConfigError} `CONFIG_INTERPOLATION_INVALID` for an unclosed `${` or an empty one;
 *   `CONFIG_LIMIT_EXCEEDED` beyond `maxNesting`.
 */
export function parseTemplate(source: string, where: string, maxNesting: number = DEFAULT_CONFIG_LIMITS.maxExpressionNesting): Template {
  const parser = new Parser(source, where, maxNesting);
  const template = parser.template(() => false);
  return template;
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly s: string,
    private readonly where: string,
    private readonly maxNesting: number,
  ) {}

  template(stop: () => boolean, escapes = false): Part[] {
    const parts: Part[] = [];
    let text = '';
    while (this.i < this.s.length && !stop()) {
      const c = this.s[this.i] as string;
      if (escapes && (c === '[' || c === ']' || (c === '{' && this.s[this.i - 1] !== '$'))) {
        // OmegaConf's grammar reads these as list or dict brackets, never inside an unquoted value.
        throw this.error(`'${c}' inside an unquoted resolver argument; quote the argument or escape it as \\${c}`);
      }
      if (escapes && c === '\\' && ARGUMENT_ESCAPES.includes(this.s[this.i + 1] ?? '$')) {
        // In an unquoted argument `\,` is a comma that does not end it (the grammar's ESC token).
        text += this.s[this.i + 1] as string;
        this.i += 2;
      } else if (c === '\\' && this.s.startsWith('\\${', this.i)) {
        text += '${';
        this.i += 3;
      } else if (c === '\\' && this.s.startsWith('\\\\${', this.i)) {
        text += '\\';
        this.i += 2;
      } else if (this.s.startsWith('${', this.i)) {
        if (text.length > 0) parts.push({ kind: 'text', text });
        text = '';
        parts.push(this.interpolation());
      } else {
        text += c;
        this.i += 1;
      }
    }
    if (text.length > 0) parts.push({ kind: 'text', text });
    return parts;
  }

  private interpolation(): Interpolation {
    this.depth += 1;
    if (this.depth > this.maxNesting) throw limitExceeded('maxExpressionNesting', this.maxNesting, `The interpolation at ${this.where}`);
    try {
      return this.interpolationBody();
    } finally {
      this.depth -= 1;
    }
  }

  private interpolationBody(): Interpolation {
    const start = this.i;
    this.i += 2;
    RESOLVER_NAME.lastIndex = this.i;
    const resolver = RESOLVER_NAME.exec(this.s);
    if (resolver !== null) {
      this.i += resolver[0].length;
      const args = this.arguments();
      this.expect('}', start);
      return { kind: 'resolver', name: resolver[1] as string, args, raw: this.s.slice(start, this.i) };
    }
    const key = this.template(() => this.s[this.i] === '}');
    this.expect('}', start);
    const raw = this.s.slice(start, this.i);
    if (key.length === 0 || (key.length === 1 && key[0]?.kind === 'text' && key[0].text.trim() === '')) {
      throw this.error(`empty interpolation '${raw}'`);
    }
    return { kind: 'node', key: trimTemplate(key), raw };
  }

  private arguments(): Argument[] {
    const args: Argument[] = [];
    this.skipSpaces();
    if (this.s[this.i] === '}') return args;
    for (;;) {
      this.skipSpaces();
      const quote = this.s[this.i];
      if (quote === '"' || quote === "'") {
        this.i += 1;
        const template = this.quoted(quote);
        args.push({ template, quoted: true });
        this.skipSpaces();
      } else if (this.s[this.i] === '[' || this.s[this.i] === '{') {
        const length = bracketedLength(this.s, this.i);
        if (length === undefined) throw this.error(`'${this.s.slice(this.i, this.i + 40)}' is not closed`);
        const container = this.s.slice(this.i, this.i + length);
        this.i += length;
        args.push({ template: [{ kind: 'text', text: container }], quoted: false, container });
        this.skipSpaces();
      } else {
        const template = this.template(() => this.s[this.i] === ',' || this.s[this.i] === '}', true);
        args.push({ template: trimTemplate(template), quoted: false });
      }
      if (this.s[this.i] === ',') {
        this.i += 1;
        continue;
      }
      return args;
    }
  }

  private quoted(quote: string): Part[] {
    const parts = this.template(() => this.s[this.i] === quote && this.s[this.i - 1] !== '\\');
    if (this.s[this.i] !== quote) throw this.error('an argument quote is not closed');
    this.i += 1;
    return parts.map((p) => (p.kind === 'text' ? { kind: 'text', text: p.text.replaceAll(`\\${quote}`, quote) } : p));
  }

  private skipSpaces(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i += 1;
  }

  private expect(c: string, start: number): void {
    if (this.s[this.i] !== c) throw this.error(`'${this.s.slice(start, start + 40)}' is not closed with '}'`);
    this.i += 1;
  }

  private error(why: string): ConfigError {
    return new ConfigError('CONFIG_INTERPOLATION_INVALID', `Invalid interpolation at ${this.where}: ${why}.`);
  }
}

function trimTemplate(parts: Part[]): Part[] {
  const out = [...parts];
  const first = out[0];
  if (first?.kind === 'text') out[0] = { kind: 'text', text: first.text.trimStart() };
  const last = out[out.length - 1];
  if (last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text.trimEnd() };
  return out.filter((p) => p.kind !== 'text' || p.text.length > 0);
}
