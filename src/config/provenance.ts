/**
 * Provenance: where every value of the resolved configuration came from.
 *
 * Owns: the origin and history records. Built by merge.ts and interpolation.ts, read by
 * `config.explain()`, the CLI and diffs.
 */

/** The layers of a configuration, lowest precedence first. */
export const LAYER_NAMES = ['default', 'environment', 'machine', 'substrate', 'role', 'overrides'] as const;

/** A configuration layer name; `schema` marks defaults supplied by a schema fragment. */
export type LayerName = (typeof LAYER_NAMES)[number] | 'schema';

/** Where one value was written. */
export interface ValueOrigin {
  readonly layer: LayerName;
  /** The file, relative to the store root (`apps/demo/environment.yaml`); absent for overrides. */
  readonly file?: string | undefined;
  /** 1-based line of the key in that file, when known. */
  readonly line?: number | undefined;
  /** The selector of the block it came from (`dev` in environment.yaml). */
  readonly selector?: string | undefined;
}

/** The full story of one leaf: who supplied the winning value and what it replaced. */
export interface Provenance extends ValueOrigin {
  /** Values of lower layers that this one replaced, oldest first. */
  readonly overridden: readonly { readonly origin: ValueOrigin; readonly value: unknown }[];
  /** The interpolation the value was written as (`${paths.root}/data`), when it was one. */
  readonly interpolation?: string | undefined;
}

/** `environment apps/demo/environment.yaml:12` — a one-line description of an origin. */
export function describeOrigin(origin: Partial<ValueOrigin>): string {
  const where = origin.file === undefined ? '' : ` ${origin.file}${origin.line === undefined ? '' : `:${origin.line}`}`;
  const selector = origin.selector === undefined ? '' : ` [${origin.selector}]`;
  return `${origin.layer ?? 'unknown'}${selector}${where}`;
}
