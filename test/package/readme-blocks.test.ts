/**
 * Every README code block runs: each block of code is marked with the file it becomes in the
 * consumer test's fresh project (test/consumer), and that test uses every marked block. Diagrams
 * (`text`) are not code; the quick start's commands are the ones `npm test` and CI run themselves.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readmeBlocks } from '../helpers/readme-blocks.js';

const CONSUMER_TEST = readFileSync(new URL('../consumer/consumer.test.ts', import.meta.url), 'utf8');
/** The PostgreSQL section runs against a live server, in its own test. */
const POSTGRES_README_TEST = readFileSync(new URL('../postgres/readme.test.ts', import.meta.url), 'utf8');
/** Blocks that are not run by the consumer test, by their first line, and why. */
const NOT_RUN: Readonly<Record<string, string>> = {
  'npm install     # installs (npm pack builds; npm start and npm test build first)': 'the development commands of this repository: CI (.ci/run) runs npm ci and npm test',
};

describe('README code blocks', () => {
  const blocks = readmeBlocks();

  it('are all diagrams, marked for the consumer test, or the repository commands CI runs', () => {
    const unaccounted = blocks
      .filter((b) => b.language !== 'text' && b.target === undefined && NOT_RUN[b.code.split('\n')[0] ?? ''] === undefined)
      .filter((b) => b.marker === undefined || !POSTGRES_README_TEST.includes(`'${b.marker}'`))
      .map((b) => `README.md:${b.line} (${b.language || 'no language'})`);
    expect(unaccounted).toEqual([]);
  });

  it('marked for the consumer test are each used by it', () => {
    const marked = blocks.filter((b) => b.target !== undefined).map((b) => b.target as string);
    expect(marked.length).toBeGreaterThanOrEqual(9);
    expect(marked.filter((target) => !CONSUMER_TEST.includes(`'${target}'`))).toEqual([]);
  });
});
