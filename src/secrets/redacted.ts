/**
 * A secret value that prints as `<redacted>` everywhere: string conversion, JSON, util.inspect.
 *
 * The value is kept outside the object (a module-private WeakMap), so neither inspection with
 * hidden properties nor structured cloning can reach it. Read it with `reveal()`.
 */
import { inspect } from 'node:util';

const values = new WeakMap<Redacted, string>();

/** What a redacted value prints as. */
export const REDACTED_TEXT = '<redacted>';

/** A secret value that never prints itself. */
export class Redacted {
  private constructor() {
    Object.freeze(this);
  }

  /** Wraps a value. */
  static of(value: string): Redacted {
    const r = new Redacted();
    values.set(r, value);
    return r;
  }

  /** The secret value. Call it only where the value is used, never where it is printed. */
  reveal(): string {
    return values.get(this) as string;
  }

  toString(): string {
    return REDACTED_TEXT;
  }

  toJSON(): string {
    return REDACTED_TEXT;
  }

  [inspect.custom](): string {
    return REDACTED_TEXT;
  }
}
