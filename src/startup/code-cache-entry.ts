/**
 * The format of one code cache entry, and the checks that make a damaged or stale one harmless.
 *
 * Owns: laying out an entry (a header, the source it was made from, V8's data twice) and taking
 * one apart, refusing anything that does not check out. Does not own where entries live
 * (code-cache-store.ts) or what V8 does with the data (load-bundle.ts).
 *
 * Why the source is in the entry: V8 checks a cache against the source only by its length, and
 * runs the cached bytecode, so an entry must be proven to come from exactly the bytes being
 * compiled; comparing them is one memcmp. Why V8's data is in it twice: V8 does not checksum a
 * cache in release builds, and damaged bytecode crashes the process (SIGSEGV) on every start. Node
 * offers no checksum that loads faster than this check runs (node:zlib's crc32 and node:crypto
 * each cost milliseconds to load): two copies that still agree byte for byte were not torn,
 * truncated or damaged.
 */

/** Marks a file as an entry of this format; a new layout gets a new mark. */
const MAGIC = Buffer.from('mxm-v8c1');
/** Magic, then the source's length and V8's data's length, each 4 bytes little-endian. */
const HEADER_BYTES = MAGIC.length + 8;

/**
 * An entry holding V8's `data` for `source`.
 *
 * @throws {RangeError} when the source or the data is 4 GiB or more (no bundle is).
 */
export function encodeEntry(source: Buffer, data: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header);
  header.writeUInt32LE(source.length, MAGIC.length);
  header.writeUInt32LE(data.length, MAGIC.length + 4);
  return Buffer.concat([header, source, data, data]);
}

/**
 * V8's data in `entry` when the entry is whole and was made from exactly `source`; otherwise why
 * not. Throws nothing.
 */
export function decodeEntry(entry: Buffer, source: Buffer): { readonly data: Buffer } | { readonly unused: string } {
  if (entry.length < HEADER_BYTES || !entry.subarray(0, MAGIC.length).equals(MAGIC)) return { unused: 'the entry is not one (no mark)' };
  const sourceLength = entry.readUInt32LE(MAGIC.length);
  const dataLength = entry.readUInt32LE(MAGIC.length + 4);
  if (entry.length !== HEADER_BYTES + sourceLength + 2 * dataLength) return { unused: 'the entry is damaged (wrong length)' };
  const dataStart = HEADER_BYTES + sourceLength;
  if (sourceLength !== source.length || !entry.subarray(HEADER_BYTES, dataStart).equals(source)) return { unused: 'the entry was made from another build of the bundle' };
  const data = entry.subarray(dataStart, dataStart + dataLength);
  if (!data.equals(entry.subarray(dataStart + dataLength))) return { unused: 'the entry is damaged (its two copies differ)' };
  return { data };
}
