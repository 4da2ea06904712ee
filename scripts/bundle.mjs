/**
 * `npm run build`, second step: bundles the compiled CLI (dist/src/cli/main.js, decorator metadata
 * already emitted by tsc) into dist/src/cli/mxm-runtime.bundle.js and its chunks, and writes the
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
 * The bundle and its chunks sit beside main.js so that paths relative to it
 * (`../../../package.json`) are the same in both.
 */
import { build } from 'esbuild';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
// application's own inversify is the same major version. reflect-metadata goes inside too (loading
// it as CommonJS from an ES module cost more than its code): since 0.2 every copy in a process
// shares one metadata registry, kept on the global Reflect under a Symbol.for key.
if (Number.parseInt(inversifyVersion, 10) !== 8) throw new Error(`bundling inversify ${inversifyVersion}, but the package supports inversify 8 (SUPPORTED_INVERSIFY_MAJOR)`);
await build({
  ...common,
  entryPoints: { index: `${root}dist/src/index.js`, postgres: `${root}dist/providers/postgres/index.js` },
  outdir: `${root}dist/bundle`,
  splitting: true,
  chunkNames: 'shared-[hash]',
  external: ['pg'],
});

// The CLI: split, so a command loads only the chunks it uses (`identity` never parses inversify or
// convict). The chunks sit beside main.js too.
for (const file of readdirSync(cliDir)) if (file.startsWith('mxm-runtime.chunk-')) rmSync(`${cliDir}${file}`);
await build({
  ...common,
  entryPoints: { 'mxm-runtime.bundle': `${cliDir}main.js` },
  outdir: cliDir,
  splitting: true,
  chunkNames: 'mxm-runtime.chunk-[hash]',
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
