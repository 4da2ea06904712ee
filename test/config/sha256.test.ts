/**
 * The package's own SHA-256 (for short texts, so a start need not load node:crypto) against
 * node:crypto, its oracle: every length around the block and padding boundaries, every kind of
 * UTF-8, random texts, and texts long enough to be handed to node:crypto itself.
 */
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import fc from '../helpers/fast-check.js';
import { sha256Hex } from '../../src/config/sha256.js';

const oracle = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('gives the published digests of the empty text and "abc"', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it("agrees with node:crypto at every length from 0 to 300 bytes (every padding case)", () => {
    for (let n = 0; n <= 300; n += 1) expect(sha256Hex('x'.repeat(n))).toBe(oracle('x'.repeat(n)));
  });
  it('agrees with node:crypto on random Unicode text, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => expect(sha256Hex(text)).toBe(oracle(text))), { numRuns: 2000 });
  });
  it('agrees with node:crypto on both sides of the length where it hands over to node:crypto', () => {
    for (const n of [65_535, 65_536, 65_537, 200_000]) expect(sha256Hex('é'.repeat(Math.floor(n / 2)) + 'a'.repeat(n % 2))).toBe(oracle('é'.repeat(Math.floor(n / 2)) + 'a'.repeat(n % 2)));
  });
});
