/**
 * `npm run build`, second step: bundles the compiled CLI (dist/src/cli/main.js, decorator metadata
 * already emitted by tsc) into one ES module, dist/src/cli/mxm-runtime.bundle.js, and writes the
 * `mxm-runtime` bin, dist/src/cli/mxm-runtime.js, which turns on Node's compile cache before it
 * loads the bundle.
 *
 * It also bundles the library entries (the package's `.` and `./postgres` exports) into
 * dist/bundle/. dist/src stays as tsc wrote it: the declarations, and the unbundled code the tests
 * and examples import.
 *
 * Why: a cold start of the unbundled package is mostly module resolution and loading — inversify 8
 * alone is 372 files. One file loads in a fraction of that.
 *
 * The bundle sits beside main.js so that paths relative to it (`../../../package.json`) are the
 * same in both. Commands stay lazily evaluated inside the bundle (esbuild wraps each dynamically
 * imported module in an initialiser run on first import).
 */
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cliDir = `${root}dist/src/cli/`;
// Chunk names carry a hash: clear the last build's, or they would be packed too.
rmSync(`${root}dist/bundle`, { recursive: true, force: true });
const inversifyVersion = JSON.parse(readFileSync(`${root}node_modules/inversify/package.json`, 'utf8')).version;

/** What both bundles share: an ES module for Node 20, names kept, whitespace out. */
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Error classes name themselves from new.target.name: keep every name as written.
  keepNames: true,
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // convict, yaml and dotenv are CommonJS: inside an ES module they still call require().
  banner: { js: "import { createRequire as __mxmCreateRequire } from 'node:module'; const require = __mxmCreateRequire(import.meta.url);" },
  logLevel: 'warning',
};

// The library: the main entry and mxm-runtime/postgres share one chunk, so both see one copy of
// every module (one MxmError class, one registry). inversify goes inside: loading its 372 files is
// most of an unbundled cold start. Its copy and the application's agree because inversify 8 keeps
// class metadata in reflect-metadata under string keys and marks its objects with Symbol.for, never
// instanceof; the package re-exports the decorators, and buildRuntimeContext still checks the
// application's own inversify is the same major version. reflect-metadata stays outside: it is a
// global registry, one per process, that both copies read.
if (Number.parseInt(inversifyVersion, 10) !== 8) throw new Error(`bundling inversify ${inversifyVersion}, but the package supports inversify 8 (SUPPORTED_INVERSIFY_MAJOR)`);
await build({
  ...common,
  entryPoints: { index: `${root}dist/src/index.js`, postgres: `${root}dist/providers/postgres/index.js` },
  outdir: `${root}dist/bundle`,
  splitting: true,
  chunkNames: 'shared-[hash]',
  external: ['pg', 'reflect-metadata'],
});

await build({
  ...common,
  entryPoints: [`${cliDir}main.js`],
  outfile: `${cliDir}mxm-runtime.bundle.js`,
  // pg is an optional peer the postgres provider loads with createRequire when a store asks for it.
  external: ['pg'],
  // The CLI never sees application classes: the version check need not look in node_modules.
  define: { MXM_BUNDLED_INVERSIFY: JSON.stringify(inversifyVersion) },
});

const bin = `${cliDir}mxm-runtime.js`;
writeFileSync(
  bin,
  `#!/usr/bin/env node
// The mxm-runtime command (written by scripts/bundle.mjs). The compile cache (Node 22.1+) keeps V8's
// compiled code of the bundle between runs; it is turned on before the bundle loads, or it would
// not cover it. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import module from 'node:module';
module.enableCompileCache?.();
await import('./mxm-runtime.bundle.js');
`,
);
chmodSync(bin, 0o755);
