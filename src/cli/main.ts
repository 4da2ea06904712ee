#!/usr/bin/env node
/** The mxm-runtime command, run from the compiled sources (the `mxm-runtime` bin runs the bundle). */
import { runCli } from './run-cli.js';

await runCli(process.argv.slice(2));
