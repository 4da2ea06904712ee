/**
 * The shape of a config schema, and the configuration type a schema describes.
 *
 * A schema is written in convict's format (convict runs the validation), but its type is declared
 * here, so the published declarations need no convict types and a value that is not a schema
 * (`{ port: 8080 }`) is a compile error. Owns: the schema's type and the inference of the config
 * type from it. Does not own: validation (schema.ts) or reading values (resolved-config.ts).
 */

/** Convict's named formats (the ones convict ships with). */
export type NamedSchemaFormat =
  | '*'
  | 'String'
  | 'Number'
  | 'Boolean'
  | 'Array'
  | 'Object'
  | 'int'
  | 'nat'
  | 'port'
  | 'windows_named_pipe'
  | 'port_or_windows_named_pipe'
  | 'url'
  | 'email'
  | 'ipaddress'
  | 'duration'
  | 'timestamp';

/**
 * What a value must be: a constructor (`String`, `Number`, `Boolean`, `Array`, `Object`), a named
 * format (`'port'`, `'url'`, …), a list of allowed values, or a validator that throws when the
 * value is bad.
 */
export type SchemaFormat =
  | StringConstructor
  | NumberConstructor
  | BooleanConstructor
  | ArrayConstructor
  | ObjectConstructor
  | NamedSchemaFormat
  | readonly (string | number | boolean | null)[]
  | ((value: unknown) => void);

/** One configuration value in a schema. */
export interface SchemaLeaf {
  /** What the value is for (shown by tools). */
  readonly doc?: string;
  /** What the value must be; without it, the type of `default`. */
  readonly format?: SchemaFormat;
  /** The value when no layer sets one; `null` with `nullable: false` makes the value required. */
  readonly default: unknown;
  /** Whether `null` is an accepted value. */
  readonly nullable?: boolean;
  /** Whether the value is redacted in every printed form. */
  readonly sensitive?: boolean;
}

/**
 * A config schema for one or more top-level sections, in convict's format:
 * `{ server: { port: { doc: 'Listen port', format: 'port', default: 8080 } } }`.
 */
export interface ConfigSchemaFragment {
  readonly [key: string]: SchemaLeaf | ConfigSchemaFragment;
}

/** @internal Widens a literal default (`'EUR'`, `8080`) to its type. */
type Widen<D> = D extends string ? string : D extends number ? number : D extends boolean ? boolean : D extends readonly unknown[] ? unknown[] : D;

/** @internal The type a format admits; constructors first, because a constructor is also callable. */
type FormatValue<F, D> = F extends StringConstructor
  ? string
  : F extends NumberConstructor
    ? number
    : F extends BooleanConstructor
      ? boolean
      : F extends ArrayConstructor
        ? unknown[]
        : F extends ObjectConstructor
          ? Readonly<Record<string, unknown>>
          : F extends 'String' | 'url' | 'email' | 'ipaddress' | 'windows_named_pipe'
            ? string
            : F extends 'Number' | 'int' | 'nat' | 'port' | 'duration' | 'timestamp'
              ? number
              : F extends 'Boolean'
                ? boolean
                : F extends 'Array'
                  ? unknown[]
                  : F extends 'Object'
                    ? Readonly<Record<string, unknown>>
                    : F extends 'port_or_windows_named_pipe'
                      ? number | string
                      : F extends readonly (infer E)[]
                        ? E
                        : F extends '*'
                          ? unknown
                          : Widen<D>;

/** @internal The type of one leaf's value. */
type LeafValue<L> = L extends { readonly format: infer F; readonly default: infer D }
  ? FormatValue<F, D> | (L extends { readonly nullable: true } ? null : never)
  : L extends { readonly default: infer D }
    ? Widen<D> | (L extends { readonly nullable: true } ? null : never)
    : unknown;

/**
 * The configuration a schema describes, as validated: `ConfigOf<typeof schema>`. A leaf whose
 * default is `null` stays absent until a layer sets it (read it after `config.has(path)`).
 *
 * @example
 * ```ts
 * const schema = defineConfigSchema({ billing: { currency: { format: String, default: 'EUR' } } });
 * type AppConfig = ConfigOf<typeof schema>; // { readonly billing: { readonly currency: string } }
 * ```
 */
export type ConfigOf<S> = {
  readonly [K in keyof S]: S[K] extends { readonly default: unknown } ? LeafValue<S[K]> : ConfigOf<S[K]>;
};

/**
 * Declares a config schema and keeps its literal types (`format: 'port'`, enum values), so the
 * configuration it describes is typed. Returns the schema unchanged.
 *
 * @throws nothing; the schema is checked when a context is built (`CONFIG_SCHEMA_INVALID`).
 */
export function defineConfigSchema<const S extends ConfigSchemaFragment>(schema: S): S {
  return schema;
}
