/**
 * A `require` for an ES module of this package, made when it is first needed.
 *
 * Why: a bundle turns a static `import … from 'node:module'` into a require run at start (about
 * 0.4 ms on Node 22, with Node's ES module loader), while most starts never load anything this way. Built-in modules loaded on
 * first use need no `require` at all: `process.getBuiltinModule` gives them.
 */
import type { Module } from 'node:module';

/** Defined (true) by scripts/bundle.mjs in the package's bundles; undeclared elsewhere. */
declare const MXM_BUNDLE: boolean | undefined;

/**
 * True in the package's bundles. There a literal `require('yaml')` is the bundled copy, loaded on
 * first call (esbuild makes it the module's lazy initializer); unbundled, {@link requireFrom}
 * resolves the dependency itself.
 */
export const IN_BUNDLE: boolean = typeof MXM_BUNDLE === 'boolean';

/**
 * `createRequire(url)`, without importing `node:module` when this module loads.
 *
 * @throws never itself; the returned function throws what `require` throws (MODULE_NOT_FOUND).
 */
export function requireFrom(url: string | URL): NodeJS.Require {
  return (process.getBuiltinModule('node:module') as typeof Module).createRequire(url);
}
