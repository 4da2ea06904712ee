/**
 * A `require` for an ES module of this package, made when it is first needed.
 *
 * Why: a bundle turns a static `import … from 'node:module'` into a require run at start (about
 * 0.4 ms on Node 22), while most starts never load anything this way. Built-in modules loaded on
 * first use need no `require` at all: `process.getBuiltinModule` gives them.
 */
import type { Module } from 'node:module';

/**
 * `createRequire(url)`, without importing `node:module` when this module loads.
 *
 * @throws never itself; the returned function throws what `require` throws (MODULE_NOT_FOUND).
 */
export function requireFrom(url: string | URL): NodeJS.Require {
  return (process.getBuiltinModule('node:module') as typeof Module).createRequire(url);
}
