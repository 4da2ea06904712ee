/**
 * The plain-YAML fast path against the `yaml` library, its oracle: for every text, generated in
 * the subset, mutated out of it, or made of YAML's special characters, the fast path either
 * declines or gives exactly what the library-based reader gives: the same values and types, the
 * same key order, float marks, key types and key lines, and fresh objects for every alias. When
 * the library refuses a text, the fast path must have declined it.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from '../helpers/fast-check.js';
import { NOT_PLAIN, readPlainYaml } from '../../src/config/yaml-fast-path.js';
import { parseYaml, parseYamlWithLibrary } from '../../src/config/yaml-reader.js';
import { MxmError } from '../../src/index.js';
import { CORPUS } from '../parity/corpus.js';
import { describeData } from '../helpers/describe-data.js';

/** What a reader makes of a text: its data described, or its error's code and message. */
function outcome(read: (text: string, file: string) => { data: unknown }, text: string): { data: string } | { error: string } {
  try {
    return { data: describeData(read(text, 'x.yaml').data) };
  } catch (error) {
    if (!(error instanceof MxmError)) throw error;
    return { error: `${error.code}: ${error.message}` };
  }
}

/**
 * Checks that parseYaml (fast path first) and the library reader alone give the same outcome
 * for `text`, data or error; returns whether the fast path read it rather than declined.
 */
function agrees(text: string): boolean {
  expect({ text, outcome: outcome(parseYaml, text) }).toEqual({ text, outcome: outcome(parseYamlWithLibrary, text) });
  return readPlainYaml(text) !== NOT_PLAIN;
}

// ── Generated plain YAML ─────────────────────────────────────────────────────────────────────
const SCALARS = [
  'a', 'hello world', 'x y  z', '0', '1', '-1', '+1', '007', '09', '0x1F', '0b101', '0o17', '1_000', '1:30', '-1:30', '190:20:30',
  '1.0', '1.5', '-0.0', '1e5', '1E5', '1e+5', '1.5e-07', '0_e0', '1_0e1_0', '.5', '+.5', '.inf', '-.inf', '.NaN', '.nan', '1.2.3',
  'yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'False', 'TRUE', 'null', 'Null', '~', 'NULL', '2024-01-02', '2024-01-02T10:00:00Z',
  '${a.b}', '${oc.env:HOME,/tmp}', '${oc.decode:${oc.env:PORT,5432}}', 'http://h:8080/x', 'a:b', 'a#b', 'a # comment', 'a  #c',
  '-', '-x', '--', '---', '...', '- x', '?', '?x', ':x', 'x:', 'a: b', 'a:', '[', ']', 'x]', 'x}', '{', 'a,b', 'a, b', '%x', '@x', '`x', '!x', '&x', '*x', '|', '>',
  '<<', '=', '~/data', 'é ü', '日本', '😀', 'line\\nbreak', "it's", '"q"', "'q'", '__proto__', 'constructor', '1152921504606846977', '-9007199254740993',
];
const KEYS = ['a', 'b', 'key', 'x_1', 'with space', 'a.b', '1', 'yes', 'null', '~', '1.5', '<<', '__proto__', 'toString', 'ci-*', '-k', 'k:', 'a:b', 'é', 'x#y', '[k]', 'k ', "k'", 'TRUE', '0x1'];

const quoteSingle = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const quoteDouble = (s: string): string => `"${s}"`;

/** One scalar as written: plain, single- or double-quoted. */
const scalarText = fc.tuple(fc.constantFrom(...SCALARS), fc.constantFrom('plain', 'plain', 'single', 'double')).map(([s, how]) => (how === 'plain' ? s : how === 'single' ? quoteSingle(s) : quoteDouble(s)));
const keyText = fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom('plain', 'plain', 'plain', 'single', 'double')).map(([k, how]) => (how === 'plain' ? k : how === 'single' ? quoteSingle(k) : quoteDouble(k)));
const comment = fc.constantFrom('', '', '', ' # note', '  #x', ' #', '#no-space');
const flowList = fc.array(scalarText, { maxLength: 4 }).chain((items) => fc.constantFrom(`[${items.join(', ')}]`, `[ ${items.join(',')} ]`, `[${items.join(' ,')}]`));

interface Tree {
  readonly kind: 'map' | 'seq' | 'scalar' | 'alias' | 'flow' | 'empty-map' | 'empty';
  readonly text?: string;
  readonly entries?: readonly (readonly [string, Tree])[];
  readonly items?: readonly Tree[];
  readonly anchor?: string;
}

const ANCHORS = ['a1', 'a2', 'base', 'x-y'];
const { tree } = fc.letrec<{ tree: Tree; map: Tree; seq: Tree; leaf: Tree }>((tie) => ({
  leaf: fc.oneof(
    { weight: 6, arbitrary: scalarText.map((text): Tree => ({ kind: 'scalar', text })) },
    { weight: 1, arbitrary: flowList.map((text): Tree => ({ kind: 'flow', text })) },
    { weight: 1, arbitrary: fc.constantFrom(ANCHORS).chain((names) => fc.constantFrom(...names)).map((text): Tree => ({ kind: 'alias', text })) },
    { weight: 1, arbitrary: fc.constant<Tree>({ kind: 'empty-map' }) },
    { weight: 1, arbitrary: fc.constant<Tree>({ kind: 'empty' }) },
  ),
  map: fc
    .tuple(fc.array(fc.tuple(keyText, tie('tree')), { minLength: 1, maxLength: 4 }), fc.option(fc.constantFrom(...ANCHORS), { freq: 4 }))
    .map(([entries, anchor]): Tree => ({ kind: 'map', entries, ...(anchor === null ? {} : { anchor }) })),
  seq: fc
    .tuple(fc.array(tie('leaf'), { minLength: 1, maxLength: 4 }), fc.option(fc.constantFrom(...ANCHORS), { freq: 4 }))
    .map(([items, anchor]): Tree => ({ kind: 'seq', items, ...(anchor === null ? {} : { anchor }) })),
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('map'), tie('seq')),
}));

/** How a generated tree is written: indentation step, lists at their key's column or deeper, comments. */
const style = fc.record({ step: fc.integer({ min: 1, max: 4 }), seqInline: fc.boolean(), comments: fc.array(comment, { minLength: 8, maxLength: 8 }), blankEvery: fc.integer({ min: 0, max: 5 }) });

function render(root: Tree, s: { step: number; seqInline: boolean; comments: readonly string[]; blankEvery: number }): string {
  const out: string[] = [];
  let n = 0;
  const note = (): string => s.comments[(n += 1) % s.comments.length] as string;
  const value = (t: Tree): string => (t.kind === 'scalar' || t.kind === 'flow' ? (t.text as string) : t.kind === 'alias' ? `*${t.text}` : t.kind === 'empty-map' ? '{}' : '');
  const block = (t: Tree, indent: number): void => {
    const pad = ' '.repeat(indent);
    if (t.kind === 'map') {
      for (const [key, child] of t.entries ?? []) {
        if (s.blankEvery > 0 && (n += 1) % s.blankEvery === 0) out.push(n % 2 === 0 ? '' : `${pad}# a comment line`);
        const anchor = child.anchor === undefined ? '' : ` &${child.anchor}`;
        if (child.kind === 'map') {
          out.push(`${pad}${key}:${anchor}${note()}`);
          block(child, indent + s.step);
        } else if (child.kind === 'seq') {
          out.push(`${pad}${key}:${anchor}${note()}`);
          block(child, s.seqInline ? indent : indent + s.step);
        } else {
          const text = value(child);
          const merge = key === '<<' && child.kind === 'scalar' ? `[${child.text}]` : text;
          out.push(`${pad}${key}:${text === '' ? '' : ` ${merge}`}${note()}`);
        }
      }
    } else if (t.kind === 'seq') {
      for (const item of t.items ?? []) out.push(`${pad}- ${value(item)}${note()}`);
    }
  };
  if (root.kind === 'map') block(root, 0);
  else out.push(`root: ${value(root)}`);
  return `${out.join('\n')}\n`;
}

const plainDocument = fc.tuple(tree, style).map(([t, s]) => render(t.kind === 'map' ? t : { kind: 'map', entries: [['top', t]] }, s));

// ── Mutations: one to three small edits that often leave the subset ──────────────────────────
const EDITS = ['\t', '\r', ':', ': ', '-', '- ', '#', ' #', "'", '"', '&a ', '*a', '[', ']', '{', '}', ',', ' ', '  ', '\n', '\n  ', '<<: ', '!', '!!str ', '|', '>', '?', '%', '\\', '---\n', '...', '\u00a0', '\u2028', '\ufeff', 'é'];
const mutated = fc
  .tuple(plainDocument, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...EDITS), fc.constantFrom('insert', 'replace', 'delete')), { minLength: 1, maxLength: 3 }))
  .map(([text, edits]) => {
    let t = text;
    for (const [at, edit, how] of edits) {
      const i = at % (t.length + 1);
      t = how === 'insert' ? t.slice(0, i) + edit + t.slice(i) : how === 'replace' ? t.slice(0, i) + edit + t.slice(i + 1) : t.slice(0, i) + t.slice(i + 1);
    }
    return t;
  });

// ── Character soup, as the reliability fuzzer writes it ──────────────────────────────────────
const soup = fc.string({ unit: fc.constantFrom(...'ab:-[]{}&*!|>\'"#%@`,? \n\t$\\.01<~'.split(''), '${', '<<: ', '&x ', '*x', '\n  ', '\n- ', 'yes', '1.5', '__proto__'), maxLength: 80 });

describe('the plain-YAML fast path reads what the yaml library reads, or declines', () => {
  it('generated plain documents: the same data, and most of them read by the fast path', () => {
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(plainDocument, (text) => {
        runs += 1;
        if (agrees(text)) read += 1;
      }),
      { numRuns: 3000 },
    );
    // A fast path that declined everything would agree vacuously.
    expect(read / runs).toBeGreaterThan(0.3);
  });

  it('mutated documents: the same data, or declined; never data where the library refuses', () => {
    fc.assert(fc.property(mutated, (text) => void agrees(text)), { numRuns: 3000 });
  });

  it('character soup: the same data, or declined', () => {
    fc.assert(fc.property(soup, (text) => void agrees(text)), { numRuns: 3000 });
  });

  it('reads the example store and every plain text of the parity corpus as the library does', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.yaml')) files.push(path);
      }
    };
    walk(new URL('../../examples/store', import.meta.url).pathname);
    // Every file of the example store is plain: the fast path must read each one.
    for (const file of files) expect({ file, read: agrees(readFileSync(file, 'utf8')) }).toEqual({ file, read: true });
    let read = 0;
    const texts = CORPUS.flatMap((c) => Object.values(c.files ?? {}) as string[]);
    for (const text of texts) if (agrees(text)) read += 1;
    expect(read).toBeGreaterThan(texts.length / 3);
  });

  it('reads a large generated store (every line plain) as the library does', () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i += 1) lines.push(`section_${i}:`, `  name: item ${i}`, `  weight: ${i / 7}`, `  count: ${i}`, `  tags: [a, 'b', ${i % 2 === 0 ? 'yes' : '1.0'}]`, '  list:', `  - ${i}`, '  - x');
    expect(agrees(`${lines.join('\n')}\n`)).toBe(true);
  });
});

describe('parseYaml uses the fast path only where it agrees', () => {
  it('reports a duplicate key with the general reader\'s message and line', () => {
    expect(() => parseYaml('a: 1\nb: 2\na: 3\n', 'dup.yaml')).toThrow(/dup\.yaml:3.*duplicate key/);
  });
  it('leaves an alias bomb to the general reader, which refuses it', () => {
    const lines = ['a0: &a0', ...Array<string>(10).fill('  - x')];
    for (let i = 1; i < 9; i += 1) lines.push(`a${i}: &a${i}`, ...Array<string>(10).fill(`  - *a${i - 1}`));
    const bomb = `${lines.join('\n')}\n`;
    expect(readPlainYaml(bomb)).toBe(NOT_PLAIN);
    expect(() => parseYaml(bomb, 'bomb.yaml')).toThrow(expect.objectContaining({ code: 'CONFIG_YAML_LIMIT' }));
  });
  it('leaves aliases that nest beyond the depth limit to the general reader, which refuses them', () => {
    // Each anchor nests 50 levels and ends in an alias of the one before: 300 levels read.
    const lines: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      lines.push(`a${i}: &a${i}`);
      for (let d = 1; d < 50; d += 1) lines.push(`${' '.repeat(d)}k:`);
      lines.push(`${' '.repeat(50)}leaf: ${i === 0 ? '1' : `*a${i - 1}`}`);
    }
    const text = `${lines.join('\n')}\n`;
    expect(readPlainYaml(text)).toBe(NOT_PLAIN);
    expect(() => parseYaml(text, 'deep.yaml')).toThrow(expect.objectContaining({ code: 'CONFIG_YAML_LIMIT' }));
  });
  it('hands `0x_` (an int rule that makes no int) to the general reader, which reports it', () => {
    for (const text of ['a: 0x_\n', 'a:\n- -0b_\n', 'a: [0x_]\n']) {
      expect(readPlainYaml(text)).toBe(NOT_PLAIN);
      expect(() => parseYaml(text, 'x.yaml')).toThrow(expect.objectContaining({ code: 'CONFIG_YAML_INVALID' }));
    }
  });
  it('resolves an alias to the last anchor of its name before it, inside an anchored block too', () => {
    for (const text of ['a: &x\n  b: &x 1\nc: *x\n', 'a: &x\n  b: &x 1\nc:\n  <<: *x\n', 'a: &x\n  b: &x\n    c: 1\nd: *x\n']) agrees(text);
  });
  it('refuses absurd bracket nesting as the general reader does, even inside plain scalars', () => {
    agrees(`a: x${'['.repeat(320)}\n`);
    agrees(Array.from({ length: 320 }, (_, i) => `k${i}: x[`).join('\n'));
  });
  it('reads a line with a million spaces inside it in linear time', () => {
    const spaces = ' '.repeat(1_000_000);
    expect(parseYaml(`a: x${spaces}y\nl: [x${spaces}y]\n`, 'x.yaml').data).toEqual({ a: `x${spaces}y`, l: [`x${spaces}y`] });
    // A key that long is declined (the library refuses keys over 1024 characters), also at once.
    expect(() => parseYaml(`b${spaces}c: 1\n`, 'x.yaml')).toThrow(expect.objectContaining({ code: 'CONFIG_YAML_INVALID' }));
  });
  it('checks a mapping of 300 000 keys for duplicates in linear time', () => {
    const data = readPlainYaml(Array.from({ length: 300_000 }, (_, i) => `k${i}: ${i}`).join('\n')) as Record<string, number>;
    expect(Object.keys(data)).toHaveLength(300_000);
  });
});
