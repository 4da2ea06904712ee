/**
 * A registry of named, frozen entries: stores, refs or policies.
 *
 * Owns: lookup by name with an error that lists what exists, and sorted `names()`.
 */

/** Named entries with sorted names and helpful lookups. */
export class Registry<T extends { readonly name: string }> {
  // Private (#): a registry printed, spread or diffed shows nothing of its entries.
  readonly #byName: ReadonlyMap<string, T>;
  readonly #notFound: (name: string, available: readonly string[]) => Error;

  constructor(entries: readonly T[], notFound: (name: string, available: readonly string[]) => Error) {
    this.#byName = new Map(entries.map((e) => [e.name, Object.freeze(e)]));
    this.#notFound = notFound;
  }

  /** Entry names, sorted. */
  names(): string[] {
    return [...this.#byName.keys()].sort();
  }

  /** Whether an entry exists. */
  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /**
   * The entry named `name`.
   * @throws {Error} the registry's not-found error, listing the names that exist.
   */
  get(name: string): T {
    const entry = this.#byName.get(name);
    if (entry === undefined) throw this.#notFound(name, this.names());
    return entry;
  }

  /** All entries, sorted by name. */
  all(): T[] {
    return this.names().map((n) => this.#byName.get(n) as T);
  }

  /** The names, which is all a printed registry shows. */
  toJSON(): unknown {
    return this.names();
  }
}
