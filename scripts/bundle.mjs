/**
 * `npm run build`, second step: bundles what tsc wrote (decorator metadata already emitted) into
 * CommonJS bundles that load through a V8 code cache (src/startup/load-bundle.ts), and writes the
 * small files that load them:
 *
 *   dist/bundle/library.cjs        the package's `.` and `./postgres` exports, in one bundle
 *   dist/bundle/load-bundle.cjs    the loader alone (compile with the cache, run, save the cache)
 *   dist/bundle/library-loader.cjs loads library.cjs once per process, whoever asks first (the
 *                                  loader inside, as in the bin)
 *   dist/bundle/index.cjs, postgres.cjs   `require('mxm-runtime')`, `require('mxm-runtime/postgres')`
 *   dist/bundle/index.js, postgres.js     the ES module entries: the same objects, named exports
 *   dist/bundle/module/               an ES module build of the same code, for bundlers (the
 *                                     `module` condition, which bundlers set and Node does not):
 *                                     inside an application's bundle there is no file to cache
 *   dist/src/cli/cli.bundle.cjs    the CLI (beside main.js: `../../../package.json` holds in both)
 *   dist/bin/mxm-runtime.cjs       the `mxm-runtime` bin
 *
 * dist/src stays as tsc wrote it: the declarations, and the unbundled code the tests import.
 *
 * Why bundles: a cold start of the unbundled package is mostly module resolution and loading
 * (inversify 8 alone is 372 files). Why CommonJS: V8 can cache a script's code after it has run,
 * with every function the start compiled, and Node exposes that for scripts (vm.Script), not for
 * ES modules. Why one bundle for both entries: one copy of every module (one MxmError class, one
 * registry) in a process that imports both, through either `import` or `require`.
 */
import { build } from 'esbuild';
import { isAscii } from 'node:buffer';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist/`;
rmSync(`${dist}bundle`, { recursive: true, force: true });
rmSync(`${dist}bin`, { recursive: true, force: true });
// Leftovers of the earlier ES module CLI bundle and its chunks, if this tree built one.
for (const file of readdirSync(`${dist}src/cli`)) if (/^mxm-runtime\.(bundle|chunk-)|^mxm-runtime\.js$/.test(file)) rmSync(`${dist}src/cli/${file}`);
mkdirSync(`${dist}bundle`);
mkdirSync(`${dist}bin`);

const inversifyVersion = JSON.parse(readFileSync(`${root}node_modules/inversify/package.json`, 'utf8')).version;
if (Number.parseInt(inversifyVersion, 10) !== 8) throw new Error(`bundling inversify ${inversifyVersion}, but the package supports inversify 8 (SUPPORTED_INVERSIFY_MAJOR)`);

/**
 * Without keepNames, a dependency's error class would print as its minified name (`t [Error]:
 * No bindings found…` for inversify's InversifyCoreError, as the cause of a resolution error).
 * This names every top-level `class …Error extends …Error` of a dependency after its declaration.
 */
const nameDependencyErrors = {
  name: 'name-dependency-errors',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.js$/ }, ({ path }) => {
      const text = readFileSync(path, 'utf8');
      const names = [...text.matchAll(/^(?:export )?class (\w+Error) extends \w*Error\b/gm)].map((m) => m[1]);
      if (names.length === 0) return undefined;
      const naming = names.map((n) => `Object.defineProperty(${n}, 'name', { value: '${n}', configurable: true });`).join('\n');
      return { contents: `${text}\n${naming}\n`, loader: 'js' };
    });
  },
};

/** What every bundle shares: CommonJS for Node 20, whitespace out, short names. */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  // Names shortened: a third less source to read and cache to load. Names are not kept for every
  // function (esbuild's keepNames): its thousand-odd naming calls cost a library start about 3 ms
  // (Node 22). Classes whose names show (errors, inspected objects) name themselves
  // (keepClassNames), and the library entry names everything it exports.
  keepNames: false,
  minifyIdentifiers: true,
  // Short lines: an uncaught error prints the line it was thrown from (one 30 KB line otherwise).
  lineLimit: 160,
  legalComments: 'none',
  logLevel: 'warning',
  // A bundle is plain CommonJS (loadable by require as well as by the loader): its import.meta.url
  // is its own file's URL.
  // MXM_BUNDLE: code that loads a bundled module on first use (src/config/yaml-library.ts) knows it is bundled.
  define: { 'import.meta.url': '__mxmModuleUrl', MXM_BUNDLE: 'true' },
  banner: { js: 'var __mxmModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  // pg is an optional peer the postgres provider loads with createRequire when a pool is made.
  external: ['pg'],
  // convict is always given `args: []`: its argument parser is replaced by one of the empty command line.
  alias: { 'yargs-parser': `${root}scripts/bundle-stubs/no-arguments.cjs` },
  plugins: [nameDependencyErrors],
};

/** The loader decodes an ASCII bundle as Latin-1, faster than UTF-8. esbuild escapes non-ASCII in
 * strings but not in regular expression literals: write those as \u escapes. */
const checkAscii = (file) => {
  if (!isAscii(readFileSync(file))) throw new Error(`${file} is not ASCII: escape the non-ASCII characters in its sources' regular expressions`);
};
const banner = (what) => `// ${what} (written by scripts/bundle.mjs at npm run build).\n'use strict';\n`;

// The loader itself: plain CommonJS, loaded by require, no cache of its own (it is small).
await build({ ...common, define: {}, banner: {}, entryPoints: [`${dist}src/startup/load-bundle.js`], outfile: `${dist}bundle/load-bundle.cjs` });

// The library. inversify goes inside: loading its 372 files is most of an unbundled cold start.
// Its copy and the application's agree because inversify 8 keeps class metadata in
// reflect-metadata under string keys and marks its objects with Symbol.for, never instanceof; the
// package re-exports the decorators, and buildRuntimeContext still checks that the application's
// own inversify is the same major version. reflect-metadata goes inside too: since 0.2 every copy
// in a process shares one metadata registry, kept on the global Reflect under a Symbol.for key.
await build({
  ...common,
  stdin: {
    contents: [
      "import * as main from './dist/src/index.js';",
      "import * as postgres from './dist/providers/postgres/index.js';",
      "import { keepClassNames } from './dist/src/errors/mxm-error.js';",
      // What an application calls by name is named so in its stack traces and inspected values.
      "for (const part of [main, postgres]) keepClassNames(Object.fromEntries(Object.entries(part).filter(([, value]) => typeof value === 'function')));",
      'export { main, postgres };',
      '',
    ].join('\n'),
    resolveDir: root,
    sourcefile: 'library-entry.js',
  },
  outfile: `${dist}bundle/library.cjs`,
});
checkAscii(`${dist}bundle/library.cjs`);
// The loader goes inside the files that load the bundles: one file fewer to find, read and
// compile uncached on every start. They hand it the CommonJS loader's createRequire.
const loaderEntry = (what, lines) => ({
  ...common,
  define: {},
  banner: { js: banner(what).trimEnd() },
  stdin: { contents: [`import { loadBundle } from './dist/src/startup/load-bundle.js';`, ...lines, ''].join('\n'), resolveDir: root, sourcefile: 'loader-entry.js' },
});
await build({
  ...loaderEntry('Loads library.cjs through the code cache, once per process', [
    "module.exports = loadBundle({ file: require('node:path').join(__dirname, 'library.cjs'), cacheName: 'library', require, createRequire: module.constructor.createRequire });",
  ]),
  outfile: `${dist}bundle/library-loader.cjs`,
});

// For bundlers: ES modules, the two entries sharing one chunk (one copy of every module).
// An application's bundler may turn them into CommonJS (esbuild's default format), where
// import.meta is empty: the module's URL is then its file's, the application bundle's.
await build({
  ...common,
  format: 'esm',
  // An application's bundler rebuilds this: not a start of ours to save, so every name is kept.
  keepNames: true,
  // convict, yaml and dotenv are CommonJS: inside an ES module they still call require().
  banner: {
    js: "import { createRequire as __mxmCreateRequire } from 'node:module'; import { pathToFileURL as __mxmPathToFileURL } from 'node:url'; const __mxmModuleUrl = import.meta.url ?? __mxmPathToFileURL(__filename).href; const require = __mxmCreateRequire(__mxmModuleUrl);",
  },
  entryPoints: { index: `${dist}src/index.js`, postgres: `${dist}providers/postgres/index.js` },
  outdir: `${dist}bundle/module`,
  splitting: true,
  chunkNames: 'shared-[hash]',
});

// The entries. Their export names are read from the bundle itself, loaded once here (cache off).
process.env['MXM_RUNTIME_CODE_CACHE'] = 'off';
const library = createRequire(import.meta.url)(`${dist}bundle/library-loader.cjs`);
for (const [entry, part, what] of [['index', 'main', "mxm-runtime's main entry"], ['postgres', 'postgres', 'mxm-runtime/postgres']]) {
  const names = Object.keys(library[part]).sort();
  if (names.length === 0) throw new Error(`the bundle exports nothing for ${what}`);
  writeFileSync(`${dist}bundle/${entry}.cjs`, `${banner(`${what}, for require`)}module.exports = require('./library-loader.cjs').${part};\n`);
  writeFileSync(
    `${dist}bundle/${entry}.js`,
    // Loaded by require, not by an import of the .cjs file: importing CommonJS makes Node scan its
    // source for export names (and load the scanner), about 3 ms of a start on Node 22.
    `// ${what}, for import (written by scripts/bundle.mjs at npm run build): the object require gives,\n// so a process that both imports and requires the package holds one copy of it.\nimport { createRequire } from 'node:module';\n\nconst entry = createRequire(import.meta.url)('./library-loader.cjs').${part};\n\nexport const { ${names.join(', ')} } = entry;\n`,
  );
}

// The CLI, with its own copy of everything: it never meets an application's classes, so the
// inversify version check need not look in node_modules.
await build({
  ...common,
  entryPoints: [`${dist}src/cli/run-cli.js`],
  outfile: `${dist}src/cli/cli.bundle.cjs`,
  define: { ...common.define, MXM_BUNDLED_INVERSIFY: JSON.stringify(inversifyVersion) },
});
checkAscii(`${dist}src/cli/cli.bundle.cjs`);
const commandWords = ['config', 'context', 'diff', 'doctor', 'identity', 'secrets', 'snapshot'];
const bin = `${dist}bin/mxm-runtime.cjs`;
await build({
  ...loaderEntry('The mxm-runtime command', [
    // Each command keeps its own code cache: each compiles different functions, and a cache holds
    // what the run that wrote it compiled. A word that is no command caches as plain 'cli'.
    'const argv = process.argv.slice(2);',
    `const command = argv.find((word) => ${JSON.stringify(commandWords)}.includes(word));`,
    "const sub = command === 'secrets' ? argv[argv.indexOf(command) + 1] : undefined;",
    "const cacheName = ['cli', command, ['list', 'check', 'get'].includes(sub) ? sub : undefined].filter(Boolean).join('-');",
    "loadBundle({ file: require('node:path').join(__dirname, '../src/cli/cli.bundle.cjs'), cacheName, require, createRequire: module.constructor.createRequire }).runCli(argv);",
  ]),
  banner: { js: `#!/usr/bin/env node\n${banner('The mxm-runtime command').trimEnd()}` },
  outfile: bin,
});
chmodSync(bin, 0o755);
