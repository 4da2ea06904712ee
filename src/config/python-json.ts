/**
 * JSON as Python's `json.dumps` writes configuration values: a float stays a float (`1.0`),
 * an int beyond 2^53 is written digit for digit, and `inf`, `-inf`, `nan` are written
 * `Infinity`, `-Infinity`, `NaN`, as `json.dumps` writes them by default (Python's `json.loads`
 * reads them back; strict JSON parsers do not, and `JSON.stringify` would have printed `null`).
 *
 * Owns: that serialization, for every JSON the CLI prints. Does not own: redaction.
 */
import { pythonFloatRepr } from './python-text.js';
import { isFloatAt } from './python-values.js';

// A placeholder JSON.stringify leaves alone, swapped for the bare token afterwards.
const MARK = '\u0000py:';
const PLACEHOLDER = /"\\u0000py:([^"\\]*)"/g;

/**
 * `value` as JSON text, numbers as Python writes them; `indent` as for JSON.stringify.
 *
 * @throws {TypeError} for a circular structure, as JSON.stringify does.
 */
export function pythonJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(
    value,
    function replace(this: unknown, key: string, item: unknown): unknown {
      if (typeof item === 'bigint') return `${MARK}${item}`;
      if (typeof item !== 'number') return item;
      if (!Number.isFinite(item)) return `${MARK}${Number.isNaN(item) ? 'NaN' : item > 0 ? 'Infinity' : '-Infinity'}`;
      const holder = this as object | null;
      const slot = Array.isArray(holder) ? Number(key) : key;
      const float = holder !== null && typeof holder === 'object' && key !== '' ? isFloatAt(holder, slot, item) : !Number.isInteger(item);
      return float ? `${MARK}${pythonFloatRepr(item)}` : item;
    },
    indent,
  );
  return text === undefined ? 'null' : text.replace(PLACEHOLDER, '$1');
}
