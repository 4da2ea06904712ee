/**
 * strictUtf8 and decodeUtf8 replace `new TextDecoder('utf-8', { fatal: true })` (cheaper to start):
 * they must give exactly its answers, the decoder being the oracle — on random bytes and on the
 * sequences decoders get wrong (surrogates, overlong forms, code points past U+10FFFF, cut-off
 * sequences, byte order marks).
 */
import { describe, expect, it } from '@jest/globals';
import fc from '../helpers/fast-check.js';
import { decodeUtf8, FileReadError } from '../../src/files/read-regular-file.js';
import { strictUtf8 } from '../../src/files/strict-utf8.js';

const oracle = (bytes: Uint8Array, ignoreBOM: boolean): string | undefined => {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM }).decode(bytes);
  } catch {
    return undefined;
  }
};
const decoded = (bytes: Uint8Array): string | undefined => {
  try {
    return decodeUtf8(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(FileReadError);
    return undefined;
  }
};

const TRICKY = [
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate, encoded
  [0xc0, 0x80], // an overlong NUL
  [0xe0, 0x80, 0xaf], // an overlong '/'
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
  [0xf0, 0x9f, 0x98], // a cut-off emoji
  [0xef, 0xbb, 0xbf, 0x61], // a byte order mark, then 'a'
  [0x61, 0xef, 0xbb, 0xbf], // 'a', then a byte order mark
  [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], // two marks
  [0xf0, 0x9f, 0x98, 0x80], // an emoji
  [0xff],
  [],
];

describe('strict UTF-8 decoding', () => {
  it('answers as a fatal TextDecoder on the sequences decoders get wrong', () => {
    for (const bytes of TRICKY.map((b) => Uint8Array.from(b))) {
      expect([bytes, strictUtf8(bytes)]).toEqual([bytes, oracle(bytes, true)]);
      expect([bytes, decoded(bytes)]).toEqual([bytes, oracle(bytes, false)]);
    }
  });

  it('answers as a fatal TextDecoder on random bytes, and on random text with a mark in front', () => {
    const mostlyText = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: 'binary', maxLength: 32 }).map((s) => new TextEncoder().encode(s)));
    fc.assert(
      fc.property(mostlyText, fc.boolean(), (bytes, marked) => {
        const input = marked ? Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]) : bytes;
        expect(strictUtf8(input)).toBe(oracle(input, true));
        expect(decoded(input)).toBe(oracle(input, false));
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes a view into a larger buffer by its own bytes only', () => {
    const whole = Buffer.from('xx-héllo-yy');
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 3, Buffer.byteLength('héllo'));
    expect(strictUtf8(view)).toBe('héllo');
  });
});
