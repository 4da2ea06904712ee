/**
 * How Python's `str()` renders values, so strings built by interpolation read as they do under
 * OmegaConf (`debug=${flag}` → `debug=True`, `${ratio}` → `1.0`, `${list}` → `['a\\n', 1]`).
 */
import { isFloatAt, keyTypeOf, PyFloat } from './python-values.js';

/**
 * Python's `repr()` of a float (which `str()` equals): shortest round-trip digits, at least one
 * decimal (`1.0`), scientific notation from 1e16 and below 1e-4 with a two-digit exponent
 * (`1e+16`, `1.5e-07`), `inf`, `-inf`, `nan`.
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  // toExponential() without digits gives the shortest digits that round-trip, as Python's repr does.
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1);
    return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
  }
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${head}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** Renders a value as Python's `str()` would (floats, including integral ones, in their float form). */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  return pythonRepr(value, undefined, undefined);
}

/**
 * Python's `repr()`: `container` and `key` say where the value sits, so an integral float
 * (`1.0`) is told from an int; keys print by their Python type (`{1: 'a', True: 2}`).
 */
function pythonRepr(value: unknown, container: object | undefined, key: string | number | undefined): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value instanceof PyFloat) return pythonFloatRepr(value.value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number') {
    const float = container !== undefined && key !== undefined ? isFloatAt(container, key, value) : !Number.isInteger(value) || Object.is(value, -0);
    // An integral number within 2^53 and not marked float is an int; an int beyond is a BigInt.
    return float || Math.abs(value) > Number.MAX_SAFE_INTEGER ? pythonFloatRepr(value) : String(value);
  }
  if (typeof value === 'string') return pythonStringRepr(value);
  if (Array.isArray(value)) return `[${value.map((v, i) => pythonRepr(v, value, i)).join(', ')}]`;
  if (typeof value === 'object') {
    const mapping = value as Record<string, unknown>;
    const entries = Object.keys(mapping).map((k) => `${keyTypeOf(mapping, k) === 'str' ? pythonStringRepr(k) : k}: ${pythonRepr(mapping[k], mapping, k)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

/**
 * What Python's str.isprintable() refuses outside ASCII. Built on first use: its Unicode classes
 * take V8 about 0.4 ms to build, paid by every start that loads this module otherwise.
 */
let notPrintable: RegExp | undefined;
const isPrintable = (c: string): boolean => (c >= ' ' && c <= '~') || (c > '~' && !(notPrintable ??= /[\p{C}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u).test(c));

/** Python's repr of a str: single quotes unless only double quotes avoid escaping, escapes as Python writes them. */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const c of text) {
    if (c === quote || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (!isPrintable(c)) {
      const code = c.codePointAt(0) as number;
      out += code < 0x100 ? `\\x${hex(code, 2)}` : code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    } else out += c;
  }
  return out + quote;
}

const hex = (code: number, width: number): string => code.toString(16).padStart(width, '0');

const NUMBER_STARTS = '+-.0123456789iInN';
const GRAMMAR_INT = /^[-+]?(?:0|[1-9](?:_?[0-9])*)$/;
const DIGITS = '[0-9](?:_?[0-9])*';
const INT_UNSIGNED = '(?:0|[1-9](?:_?[0-9])*)';
const POINT_FLOAT = `(?:${INT_UNSIGNED}\\.|${INT_UNSIGNED}?\\.${DIGITS})`;
const GRAMMAR_FLOAT = new RegExp(`^[-+]?(?:${POINT_FLOAT}|(?:${INT_UNSIGNED}|${POINT_FLOAT})[eE][-+]?${DIGITS}|[iI][nN][fF]|[nN][aA][nN])$`);

/**
 * Reads an unquoted resolver argument the way OmegaConf's grammar types it: `null`, `true` /
 * `false` (any case), ints (`1_000`, never `007`), floats (`1.`, `.5`, `1e3`, `inf`, `nan`; boxed
 * so that `1.0` stays a float), else the text itself.
 */
export function parsePrimitive(text: string): unknown {
  // No other character lower-cases into these ASCII words (as no other matches them under /i).
  const lower = text.length <= 5 ? text.toLowerCase() : '';
  if (lower === 'null') return null;
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  // A number starts with a sign, a digit, a point, or the i / n of inf / nan: other text skips the grammars.
  if (!NUMBER_STARTS.includes(text[0] ?? ' ')) return text;
  if (GRAMMAR_INT.test(text)) {
    const value = BigInt(text.replaceAll('_', ''));
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) + 0 : value;
  }
  if (GRAMMAR_FLOAT.test(text)) {
    const body = text.replaceAll('_', '').toLowerCase();
    const sign = body.startsWith('-') ? -1 : 1;
    const unsigned = body.replace(/^[-+]/, '');
    return new PyFloat(unsigned === 'inf' ? sign * Infinity : unsigned === 'nan' ? Number.NaN : Number(body));
  }
  return text;
}
