import { describe, expect, it } from '@jest/globals';
import { parsePrimitive, pythonStr } from '../../src/config/python-text.js';
import { PyFloat } from '../../src/config/python-values.js';

describe('pythonStr: Python repr of strings inside a container', () => {
  it('escapes what str.isprintable() refuses, ASCII and not, and keeps the rest', () => {
    // The expected text is what python3 prints for repr() of the same list.
    const items = ['plain', 'a\x7f', '\x00', '\u00e9', '\u200b', '\xa0', '\t\n\r', "it's", '"q"', 'both \'"', '\u{1F600}', '\u2028', '\u3000', ' ', '\u{E0001}', '\ud7ff'];
    expect(pythonStr(items)).toBe(
      `['plain', 'a\\x7f', '\\x00', '\u00e9', '\\u200b', '\\xa0', '\\t\\n\\r', "it's", '"q"', 'both \\'"', '\u{1F600}', '\\u2028', '\\u3000', ' ', '\\U000e0001', '\\ud7ff']`,
    );
  });
});

describe('parsePrimitive: an unquoted resolver argument typed as OmegaConf types it', () => {
  it('reads null and booleans in any case, and nothing that only resembles them', () => {
    expect(['null', 'NULL', 'True', 'fAlSe', 'TRUE'].map(parsePrimitive)).toEqual([null, null, true, false, true]);
    // U+017F and U+212A upper-case to ASCII letters, yet neither JavaScript's /i nor OmegaConf folds them.
    for (const text of ['nul', 'nullx', ' true', 'true\n', 'fal\u017fe', '\u212Aey', '']) expect(parsePrimitive(text)).toBe(text);
  });

  it('reads ints and floats, and leaves other text as text', () => {
    expect(parsePrimitive('1_000')).toBe(1000);
    expect(parsePrimitive('-7')).toBe(-7);
    expect(parsePrimitive('007')).toBe('007');
    expect(parsePrimitive('99999999999999999999')).toBe(99999999999999999999n);
    for (const [text, value] of [['.5', 0.5], ['1.', 1], ['1e3', 1000], ['-inf', -Infinity], ['+INF', Infinity]] as const) {
      const read = parsePrimitive(text);
      expect(read).toBeInstanceOf(PyFloat);
      expect((read as PyFloat).value).toBe(value);
    }
    expect(Number.isNaN((parsePrimitive('NaN') as PyFloat).value)).toBe(true);
    for (const text of ['localhost', 'inference', 'n', '+', '-', '.', '1_', '_1', '1__0', 'e3']) expect(parsePrimitive(text)).toBe(text);
  });
});
