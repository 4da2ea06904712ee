/**
 * Freezing and fingerprinting resolved data.
 *
 * Owns: deep freezing (so every mutation attempt throws in strict mode), the canonical JSON form
 * (sorted keys, non-finite numbers spelled out) and the fingerprint hashed from it.
 */
import { sha256Hex } from './sha256.js';

/** Freezes plain data deeply and returns it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/** JSON with sorted keys; NaN and ±Infinity are written as strings so equal inputs give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
  // An int beyond 2^53, digit for digit: two different big ints never share a fingerprint.
  if (typeof value === 'bigint') return `${value}`;
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return 'null';
}

/** `sha256:<hex>` of the canonical JSON: equal across runs and machines for equal data. */
export function fingerprintOf(value: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}
