/**
 * The `yaml` library, loaded when a text first needs it: one that the plain-YAML fast path
 * declines (yaml-fast-path.ts). A store of plain YAML never runs the library's code, so a start
 * neither initializes it nor carries its compiled code in the code cache.
 *
 * Owns: that lazy load, in both forms the code runs in. In the package's bundles
 * (IN_BUNDLE), `require('yaml')` is the bundled copy; unbundled, the
 * module resolves the `yaml` dependency itself.
 */
import type * as Yaml from 'yaml';
import { IN_BUNDLE, requireFrom } from '../startup/package-require.js';

let library: typeof Yaml | undefined;

/**
 * The `yaml` library's exports, loaded on the first call.
 *
 * @throws what loading the library throws (it is a dependency of the package: nothing, installed).
 */
export function yamlLibrary(): typeof Yaml {
  if (library === undefined) {
    // esbuild turns this require into the bundled module's lazy initializer; unbundled, it is never reached.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    library = IN_BUNDLE ? (require('yaml') as typeof Yaml) : (requireFrom(import.meta.url)('yaml') as typeof Yaml);
  }
  return library;
}
