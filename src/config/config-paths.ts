/**
 * Key paths as types: which paths a typed configuration has, and the type of the value at each.
 *
 * A configuration typed by its schema (`ConfigOf<typeof schema>`) accepts only the paths the
 * schema declares — a typo is a compile error — and returns the declared type. Without a schema
 * the configuration is {@link UntypedConfig}: any path, `unknown` values. A section whose keys the
 * store chooses (`format: Object`) accepts any path below it. Owns: these types only.
 */

/** The configuration when no schema types it: any key path, values `unknown`. */
export interface UntypedConfig {
  readonly [key: string]: unknown;
}

/** @internal Depth limit of path generation: keeps the compiler fast on deep or recursive types. */
type Depth = [never, 0, 1, 2, 3, 4, 5, 6, 7, 8];

/** @internal Every key path of T. */
type PathsOf<T, D extends number = 8> = [D] extends [never]
  ? string
  : unknown extends T
    ? string
    : T extends readonly unknown[]
      ? never
      : T extends object
        ? { [K in keyof T & string]: K | `${K}.${PathsOf<T[K], Depth[D]>}` }[keyof T & string]
        : never;

/** @internal The value type at key path P of T. */
type ValueAt<T, P extends string> = unknown extends T
  ? unknown
  : T extends readonly unknown[]
    ? never
    : T extends object
      ? P extends keyof T
        ? T[P]
        : P extends `${infer Head}.${infer Rest}`
          ? Head extends keyof T
            ? ValueAt<T[Head], Rest>
            : never
          : never
      : never;

/** The key paths (`billing.currency`) of a configuration type; any string when it is untyped. */
export type ConfigKeyPath<C> = string extends keyof C ? string : PathsOf<C>;

/** The type of the value at a key path; `unknown` when the configuration is untyped. */
export type ConfigValue<C, P extends string> = string extends keyof C ? unknown : ValueAt<C, P>;
