/**
 * The CLI reads its options with its own small parser (Node's costs a start about 1.3 ms): it
 * must read every command line as `util.parseArgs` reads it in strict mode with positionals —
 * the same values, the same positionals, and the same first line of the same error. This test
 * holds the two together on generated command lines, on every Node version CI runs.
 */
import { describe, expect, it } from '@jest/globals';
import { parseArgs } from 'node:util';
import { parseOptions, type OptionSpec } from '../../src/cli/command-line.js';
import fc from '../helpers/fast-check.js';

const SPECS: readonly OptionSpec[] = [
  { flag: 'json', description: 'a flag' },
  { flag: 'no-resolve', description: 'a negated flag' },
  { flag: 'app', value: '<name>', description: 'a value' },
  { flag: 'store-root', value: '<dir>', description: 'a value' },
  { flag: 'set', value: '<key=value>', multiple: true, description: 'repeatable' },
];

type Outcome = { values: Record<string, unknown>; positionals: string[] } | { error: string };

/** Node's reading, its error cut as the CLI shows it (first line, no advice on positionals). */
function nodes(args: readonly string[]): Outcome {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: Object.fromEntries(SPECS.map((o) => [o.flag, { type: o.value === undefined ? 'boolean' : 'string', multiple: o.multiple === true }])),
      strict: true,
      allowPositionals: true,
    });
    return { values: { ...values }, positionals };
  } catch (error) {
    return { error: ((error as Error).message.split('\n')[0] ?? '').replace(/\. To specify a positional argument.*$/, '') };
  }
}

function ours(args: readonly string[]): Outcome {
  try {
    const { values, positionals } = parseOptions(args, SPECS);
    return { values: { ...values }, positionals };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Words a command line is made of: every option form, near-misses, dashes and plain values. */
const word = fc.oneof(
  fc.constantFrom('--json', '--no-resolve', '--app', '--store-root', '--set', '--', '-', '-h0', '-x', '-xyz', '-5', '--=x', '--js', '--JSON', '--bogus'),
  fc.constantFrom('--==', '--=app=x', '--json=', '--json=1', '--app=', '--app=demo', '--app=-x', '--set=a=1', '--set=--', '--store-root=/tmp', '---app', '--app=='),
  fc.constantFrom('demo', 'a=1', '', ' ', '-', '--', '-1', '/tmp/x', 'é', '\u{1F600}', '-\u{1F600}'),
  fc.string({ maxLength: 6 }),
  fc.string({ maxLength: 4 }).map((s) => `-${s}`),
  fc.string({ maxLength: 6 }).map((s) => `--${s}`),
);

describe('parseOptions reads a command line as util.parseArgs does', () => {
  it('agrees on generated command lines: values, positionals or the error', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (args) => {
        expect(ours(args)).toEqual(nodes(args));
      }),
      { numRuns: 20000 },
    );
  });

  it('agrees on the cases the CLI documents', () => {
    for (const args of [
      ['--app', 'demo', '--json', 'pos'],
      ['--set', 'a=1', '--set', 'b=2', '--app=x', '--app', 'y'],
      ['--app'],
      ['--app', '--json'],
      ['--app', '-'],
      ['--json=yes'],
      ['--bogus', 'value'],
      ['-abc'],
      ['--', '--json', '-x'],
      ['-', '--json', '--', '--'],
      ['--=='],
      ['--=x=y'],
      ['--a=b=c'],
    ]) {
      expect(ours(args)).toEqual(nodes(args));
    }
  });

  it('takes any number of arguments: 200 000 after --, 20 000 repeats of a repeatable option', () => {
    const after = Array.from({ length: 200_000 }, (_, i) => `p${i}`);
    expect(parseOptions(['--json', '--', ...after], SPECS).positionals).toHaveLength(200_000);
    const sets = Array.from({ length: 20_000 }, (_, i) => `--set=k${i}=v`);
    expect(parseOptions(sets, SPECS).values['set']).toEqual(sets.map((a) => a.slice('--set='.length)));
  });
});
