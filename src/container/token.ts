/**
 * Typed tokens: the keys services are bound under.
 *
 * A token is a symbol (from the global registry, so two copies of this package agree) that
 * carries its service type for the compiler and remembers where it was defined, so a "not
 * bound" error can say so. Owns: creating tokens and naming any service identifier.
 */
import type { ServiceIdentifier } from 'inversify';

declare const serviceType: unique symbol;

/** A symbol that identifies a service of type `T`. */
export type Token<T> = symbol & { readonly [serviceType]: T };

/** What is known of a token. */
export interface TokenInfo {
  readonly name: string;
  /** The module or package that defined it, e.g. `mxm-runtime` or `my-app/services`. */
  readonly definedIn: string;
  readonly description?: string | undefined;
}

const tokens = new Map<symbol, TokenInfo>();

/**
 * Creates (or returns the existing) token named `name`.
 *
 * @example
 * ```ts
 * export const PRICE_FEED = createToken<PriceFeed>('my-app.price-feed', { definedIn: 'my-app/feeds' });
 * ```
 */
export function createToken<T>(name: string, info: { definedIn?: string; description?: string } = {}): Token<T> {
  const symbol = Symbol.for(`mxm-runtime:${name}`) as unknown as Token<T>;
  if (!tokens.has(symbol)) tokens.set(symbol, { name, definedIn: info.definedIn ?? 'application', description: info.description });
  return symbol;
}

/** What is known of a token, if it was made by {@link createToken}. */
export function tokenInfo(token: symbol): TokenInfo | undefined {
  return tokens.get(token);
}

/** A readable name for any service identifier: token name, class name, or the string itself. */
export function serviceName(id: ServiceIdentifier | unknown): string {
  if (typeof id === 'symbol') return tokens.get(id)?.name ?? id.description ?? id.toString();
  if (typeof id === 'function') return (id as { name?: string }).name || '<anonymous class>';
  return String(id);
}
