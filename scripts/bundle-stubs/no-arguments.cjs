// What the package's bundles carry instead of yargs-parser (written for scripts/bundle.mjs).
//
// convict reads its command-line arguments with yargs-parser. mxm-runtime never gives convict
// any (src/config/schema.ts passes `args: []`: validation sees only the layered data), so the
// bundles need a parser of the empty command line only: 15 KB less to load, and no first run of
// yargs-parser's setup in every start that validates. Any argument is a bug here, and says so.
'use strict';

module.exports = function parseNoArguments(args) {
  if (!Array.isArray(args) || args.length !== 0) {
    throw new Error('mxm-runtime bundles convict without an argument parser: convict must be given args: []');
  }
  return { _: [] };
};
