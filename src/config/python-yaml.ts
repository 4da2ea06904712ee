/**
 * YAML as a reader of YAML 1.1 (PyYAML, OmegaConf, and this package) reads it back into the same
 * values: what `mxm-runtime config` prints.
 *
 * Owns: that serialization. A string is written plain only when it would be read back as that
 * same string (`'yes'`, `'1:30'`, `'0b101'`, `'${a}'` or `'2024-01-02'` are quoted); a float keeps
 * its float form (`1.0`, `1.0e+16`, `.inf`); an int beyond 2^53 is written digit for digit; a key
 * that was an int, a bool or a float stays one. Does not own redaction (the caller passes
 * redacted data) or reading (yaml-reader.ts).
 */
import { isMapping } from './key-path.js';
import { pythonFloatRepr } from './python-text.js';
import { isFloatAt, keyTypeOf } from './python-values.js';
import { isPlainString } from './yaml-scalars.js';

/** Characters that may start a plain scalar here: YAML's indicators, `-`, `<`, `=` and spaces excluded. */
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@`<=\s]/;
/** Anything that could end, comment, interpolate or fold a plain scalar, or that YAML does not print. */
const NOT_PLAIN_INSIDE = /: |:$|#|\$\{|\\|\s$|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]|[\u2028\u2029]/u;
/** A YAML 1.1 timestamp's start: PyYAML would read it as a date. */
const DATE_LIKE = /^\d{4}-\d{1,2}-\d{1,2}/;
/** Characters a double-quoted YAML scalar must escape that JSON.stringify leaves as they are. */
const UNPRINTABLE = /[\x7f-\x9f\u2028\u2029\ufeff]/g;

/**
 * `data` (a mapping) as block YAML, keys in their order, ending without a newline; `{}` when it
 * is empty. Throws nothing for configuration data (plain objects, arrays, strings, numbers,
 * BigInts, booleans, null).
 */
export function pythonYaml(data: Record<string, unknown>): string {
  const lines: string[] = [];
  if (Object.keys(data).length === 0) return '{}';
  writeMapping(data, '', lines, '');
  return lines.join('\n');
}

function writeMapping(mapping: Record<string, unknown>, indent: string, lines: string[], firstPrefix: string): void {
  let prefix = firstPrefix;
  for (const key of Object.keys(mapping)) {
    const keyText = keyTextOf(mapping, key);
    writeEntry(`${prefix}${keyText}:`, mapping[key], mapping, key, `${indent}  `, lines);
    prefix = indent;
  }
}

/** A key as written: a string key as a string; an int, bool or float key as YAML 1.1 reads that type back. */
function keyTextOf(mapping: Record<string, unknown>, key: string): string {
  const type = keyTypeOf(mapping, key);
  if (type === 'str') return stringText(key);
  // A float key is held as Python prints it (`1.5`, `1e+20`, `inf`, `nan`).
  if (type === 'float') return floatText(PYTHON_FLOAT_WORDS[key] ?? Number(key));
  return key;
}

const PYTHON_FLOAT_WORDS: Readonly<Record<string, number>> = { inf: Infinity, '-inf': -Infinity, nan: Number.NaN };

function writeList(list: readonly unknown[], indent: string, lines: string[], firstPrefix: string): void {
  let prefix = firstPrefix;
  list.forEach((item, i) => {
    const head = `${prefix}-`;
    prefix = indent;
    if (isNonEmptyMapping(item)) writeMapping(item, `${indent}  `, lines, `${head} `);
    else if (Array.isArray(item) && item.length > 0) writeList(item, `${indent}  `, lines, `${head} `);
    else lines.push(`${head} ${scalarText(item, list, i)}`);
  });
}

/** `head` (`key:`) and its value: on the same line for a scalar or an empty container, else below it. */
function writeEntry(head: string, value: unknown, container: object, key: string, indent: string, lines: string[]): void {
  if (isNonEmptyMapping(value)) {
    lines.push(head);
    writeMapping(value, indent, lines, indent);
  } else if (Array.isArray(value) && value.length > 0) {
    lines.push(head);
    writeList(value, indent, lines, indent);
  } else {
    lines.push(`${head} ${scalarText(value, container, key)}`);
  }
}

function isNonEmptyMapping(value: unknown): value is Record<string, unknown> {
  return isMapping(value) && Object.keys(value).length > 0;
}

function scalarText(value: unknown, container: object, key: string | number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number') return isFloatAt(container, key, value) || !Number.isSafeInteger(value) ? floatText(value) : String(value);
  if (typeof value === 'string') return stringText(value);
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  return stringText(String(value));
}

/** A float as YAML 1.1 reads one back: PyYAML needs a point in the mantissa (`1.0e+16`, not `1e+16`). */
function floatText(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '.inf';
  if (value === -Infinity) return '-.inf';
  const repr = pythonFloatRepr(value);
  const exponent = repr.indexOf('e');
  return exponent < 0 || repr.slice(0, exponent).includes('.') ? repr : `${repr.slice(0, exponent)}.0${repr.slice(exponent)}`;
}

/** A string plain when it reads back as itself, else double-quoted (JSON's escapes are YAML's). */
function stringText(value: string): string {
  const plain = PLAIN_START.test(value) && !NOT_PLAIN_INSIDE.test(value) && !DATE_LIKE.test(value) && isPlainString(value);
  if (plain) return value;
  return JSON.stringify(value).replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
