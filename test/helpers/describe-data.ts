/**
 * Everything read configuration data says, as text: values and their JS types, key order, float
 * marks, key types and (unless asked not to) key lines, plain prototypes, and whether an object
 * appears twice. Two equal descriptions mean two equal readings.
 */
import { isFloatAt, keyTypeOf } from '../../src/config/python-values.js';
import { keyLinesOf } from '../../src/config/yaml-data.js';

/** Describes `value`; `lines: false` leaves key lines out (for data that was never read from YAML). */
export function describeData(value: unknown, options: { readonly lines?: boolean } = {}, seen = new Set<object>()): string {
  const withLines = options.lines !== false;
  if (value === null) return 'null';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'object') return `<${typeof value}>`;
  // Every alias is read into fresh objects: no object appears twice.
  if (seen.has(value)) return '<shared>';
  seen.add(value);
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => `${isFloatAt(value, i) ? 'f:' : ''}${describeData(item, options, seen)}`).join(', ')}]`;
  }
  const lines = keyLinesOf(value);
  const proto = Object.getPrototypeOf(value) === Object.prototype ? '' : '<proto>';
  const names = Object.getOwnPropertyNames(value).join('|') === Object.keys(value).join('|') ? '' : '<hidden keys>';
  const entries = Object.keys(value).map((key) => {
    const item = (value as Record<string, unknown>)[key];
    const where = withLines ? `@${lines?.get(key) ?? '?'}` : '';
    return `${JSON.stringify(key)}(${keyTypeOf(value, key)}${where})${isFloatAt(value, key) ? 'f:' : ''}${describeData(item, options, seen)}`;
  });
  return `${proto}${names}{${withLines && lines === undefined ? '<no lines>' : ''}${entries.join(', ')}}`;
}
