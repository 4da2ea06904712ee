/**
 * What JavaScript values cannot say about Python's: that `1.0` is a float, and that a key was
 * the int `1` or the bool `True` rather than a string.
 *
 * Owns: the marks that carry this beside plain data (a float mark per slot of a mapping or
 * list, a key type per key of a mapping), the box an integral float travels in between being
 * read and being placed in a slot, and copying marks along with data. Ints beyond 2^53 need no
 * mark: they are BigInt. Does not own: rendering (python-text.ts).
 */

/** A float whose value is integral (`1.0`, `1e5`), on its way to a slot; never left in data. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** Python's type of a mapping key that was not a string in YAML. */
export type KeyType = 'int' | 'bool' | 'float';

const floatSlots = new WeakMap<object, Set<string | number>>();
const keyTypes = new WeakMap<object, Map<string, KeyType>>();

/** Whether `value` is a float in Python's eyes when it sits in `container[key]`. */
export function isFloatAt(container: object, key: string | number, value: unknown = (container as Record<string | number, unknown>)[key]): boolean {
  if (typeof value !== 'number') return false;
  if (!Number.isInteger(value) || Object.is(value, -0)) return true;
  return floatSlots.get(container)?.has(key) === true;
}

/**
 * Writes `value` into `container[key]`: a {@link PyFloat} is unboxed and its slot marked, and a
 * slot that held a float and now holds anything else loses its mark. Containers inside `value`
 * are unboxed too (a resolver may return a list of floats), unless `deep` is false: the YAML
 * reader places every child before its parent, so a subtree it places holds no box.
 */
export function placeValue(
  container: Record<string, unknown> | unknown[],
  key: string | number,
  value: unknown,
  set: (target: Record<string, unknown> | unknown[], key: string | number, value: unknown) => void = assign,
  deep = true,
): void {
  const marks = floatSlots.get(container);
  if (value instanceof PyFloat) {
    set(container, key, value.value);
    if (Number.isInteger(value.value)) {
      if (marks === undefined) floatSlots.set(container, new Set([key]));
      else marks.add(key);
      return;
    }
  } else {
    set(container, key, deep ? unboxDeep(value) : value);
  }
  marks?.delete(key);
}

const assign = (target: Record<string, unknown> | unknown[], key: string | number, value: unknown): void => {
  (target as Record<string | number, unknown>)[key] = value;
};

/** `value` with every {@link PyFloat} inside it unboxed into a marked slot; the value itself if it holds none. */
export function unboxDeep(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (value[i] instanceof PyFloat || (value[i] !== null && typeof value[i] === 'object')) placeValue(value, i, value[i]);
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (child instanceof PyFloat || (child !== null && typeof child === 'object')) placeValue(value as Record<string, unknown>, key, child, defineOwn);
    }
  }
  return value;
}

const defineOwn = (target: Record<string, unknown> | unknown[], key: string | number, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};

/** The value of `container[key]` boxed again if its slot is marked float: for carrying it elsewhere. */
export function boxedAt(container: object, key: string | number): unknown {
  const value = (container as Record<string | number, unknown>)[key];
  return typeof value === 'number' && Number.isInteger(value) && floatSlots.get(container)?.has(key) === true ? new PyFloat(value) : value;
}

/** Copies the mark of `from[fromKey]` to `to[toKey]` (or clears it): for a value moved between containers. */
export function moveMark(from: object, fromKey: string | number, to: object, toKey: string | number): void {
  const floating = floatSlots.get(from)?.has(fromKey) === true;
  const marks = floatSlots.get(to);
  if (floating) {
    if (marks === undefined) floatSlots.set(to, new Set([toKey]));
    else marks.add(toKey);
  } else {
    marks?.delete(toKey);
  }
  const type = keyTypes.get(from)?.get(String(fromKey));
  if (type !== undefined && typeof toKey === 'string') markKeyType(to, toKey, type);
}

/** Copies every mark of one container to its copy (same keys). */
export function copyMarks(from: object, to: object): void {
  const marks = floatSlots.get(from);
  if (marks !== undefined) floatSlots.set(to, new Set(marks));
  const types = keyTypes.get(from);
  if (types !== undefined) keyTypes.set(to, new Map(types));
}

/** Records that a key of a mapping was a Python int, bool or float. */
export function markKeyType(mapping: object, key: string, type: KeyType): void {
  const types = keyTypes.get(mapping);
  if (types === undefined) keyTypes.set(mapping, new Map([[key, type]]));
  else types.set(key, type);
}

/** Python's type of a key of a mapping: `str` unless it was read as something else. */
export function keyTypeOf(mapping: object, key: string): KeyType | 'str' {
  return keyTypes.get(mapping)?.get(key) ?? 'str';
}
