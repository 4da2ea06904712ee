/**
 * Run by the cold-start section under another Node version: prints the warm ratios of
 * bench/warm-build.ts as one JSON line. `BENCH_QUICK=1` as for the whole bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { warmRatios } from './warm-build.js';

const work = mkdtempSync(join(tmpdir(), 'mxm-bench-warm-'));
try {
  process.stdout.write(`${JSON.stringify(await warmRatios(work, process.env['BENCH_QUICK'] === '1'))}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
