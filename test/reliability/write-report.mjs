#!/usr/bin/env node
/**
 * Runs the reliability catalogue and writes test/reliability/README.md: every case, grouped by
 * area, with counts of cases and passing ones. `npm run reliability:report`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = join(mkdtempSync(join(tmpdir(), 'mxm-reliability-')), 'results.json');
const jest = spawnSync(
  process.execPath,
  ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', 'test/reliability', '--json', `--outputFile=${out}`],
  { stdio: ['ignore', 'ignore', 'inherit'], cwd: join(here, '..', '..') },
);
const results = JSON.parse(readFileSync(out, 'utf8'));

const AREAS = {
  store: 'Config store',
  interpolation: 'Interpolation',
  identity: 'Identity',
  secrets: 'Secrets',
  concurrency: 'Concurrency',
  immutability: 'Immutability',
  'leak-canary': 'Leak canary',
  'leak-canary-derived': 'Leak canary: derived values, histories, copies',
  budgets: 'Budgets (bounded inputs)',
  processes: 'Processes (owned and ended)',
  fuzz: 'Fuzzing (fast-check)',
};
const rows = [];
const sections = [];
for (const file of results.testResults.sort((a, b) => a.name.localeCompare(b.name))) {
  const key = basename(file.name).replace(/\.test\.ts$/, '');
  const cases = file.assertionResults;
  const passing = cases.filter((c) => c.status === 'passed').length;
  rows.push({ area: AREAS[key] ?? key, file: basename(file.name), cases: cases.length, passing });
  sections.push(`### ${AREAS[key] ?? key} — \`${basename(file.name)}\`\n\n${cases.map((c) => `- ${c.status === 'passed' ? '✓' : '✗'} ${[...c.ancestorTitles.slice(1), c.title].join(' › ')}`).join('\n')}\n`);
}
const total = rows.reduce((n, r) => n + r.cases, 0);
const passing = rows.reduce((n, r) => n + r.passing, 0);
const text = `# Reliability catalogue

Bad input, faults and leak checks, each one a test. \`npm test\` runs all of it (and so does
\`.ci/run\`); this file is written by \`npm run reliability:report\`, which runs the catalogue and
counts the results. Real components throughout: real files, FIFOs and symlinks, a real GnuPG +
pass store (with and without a passphrase), real subprocesses killed on timeout, and the built
CLI run as a subprocess. gopass cannot be installed here, so its cases use a stand-in script on
PATH that records its argv and answers with gopass's exit codes.

| Area | File | Cases | Passing |
| --- | --- | ---: | ---: |
${rows.map((r) => `| ${r.area} | \`${r.file}\` | ${r.cases} | ${r.passing} |`).join('\n')}
| **Total** | | **${total}** | **${passing}** |

## The cases

${sections.join('\n')}`;
writeFileSync(join(here, 'README.md'), text);
console.log(`test/reliability/README.md: ${passing}/${total} passing`);
process.exitCode = jest.status === 0 ? 0 : 1;
