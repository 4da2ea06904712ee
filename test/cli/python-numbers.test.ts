/**
 * Numbers in the CLI's printed forms, as Python prints them: `config --json` writes floats as
 * floats, big ints exactly and inf/nan as json.dumps does (never `null`); `diff` tells them apart.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { cli } from '../helpers/cli.js';
import { tempStore } from '../helpers/temp-store.js';

const store = tempStore({
  default: 'ratio: 1.0\nbig: 18446744073709551617\nup: .inf\ndown: -.inf\nodd: .nan\nn: 3\nset_me: 0\n',
  environment: 'dev: {}\nprod:\n  up: .nan\n  big: 18446744073709551616\n',
});
afterAll(() => store.cleanup());
const IDENTITY = ['--app', 'demo', '--environment', 'dev', '--role', 'research', '--machine', 'bridge', '--substrate', 'local-process', '--store-root', store.root];

describe('numbers in the CLI output, as Python writes them', () => {
  it('config --json keeps 1.0 a float, a big int exact, and writes inf and nan as json.dumps does', () => {
    const r = cli(['config', ...IDENTITY, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"ratio": 1.0,');
    expect(r.stdout).toContain('"big": 18446744073709551617,');
    expect(r.stdout).toContain('"up": Infinity,');
    expect(r.stdout).toContain('"down": -Infinity,');
    expect(r.stdout).toContain('"odd": NaN,');
    expect(r.stdout).toContain('"n": 3,');
    expect(r.stdout).not.toContain('null');
  });
  it('--set x=1.0 stays a float', () => {
    expect(cli(['config', ...IDENTITY, '--json', '--set', 'set_me=2.0']).stdout).toContain('"set_me": 2.0');
  });
  it('config (YAML) keeps floats floats and quotes strings YAML 1.1 would read as something else', () => {
    const r = cli(['config', ...IDENTITY, '--set', 'word="yes"', '--set', 'clock="1:30"']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['ratio: 1.0', 'big: 18446744073709551617', 'up: .inf', 'odd: .nan', 'word: "yes"', 'clock: "1:30"']));
  });
  it('config --explain writes an integral float as a float', () => {
    expect(cli(['config', ...IDENTITY, '--explain', 'ratio']).stdout).toMatch(/^ratio = 1\.0\n/);
  });
  it('diff tells inf from nan and one big int from the next', () => {
    const r = cli(['diff', ...IDENTITY, '--against', 'environment=prod']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^up\n {2}- Infinity .*\n {2}\+ NaN /m);
    expect(r.stdout).toMatch(/^big\n {2}- 18446744073709551617 .*\n {2}\+ 18446744073709551616 /m);
  });
});
