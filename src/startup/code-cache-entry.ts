/**
 * The format of one code cache entry, and the checks that make a stale or damaged one harmless.
 *
 * Owns: laying out an entry (a header, the bundle's path, the source it was made from, V8's data
 * twice) and taking one apart, refusing anything that does not check out. Does not own where
 * entries live (code-cache-store.ts) or what V8 does with the data (load-bundle.ts).
 *
 * Why the source is in the entry: V8 checks a cache against the source only by its length, and
 * runs the cached bytecode, so an entry must be proven to come from exactly the bytes being
 * compiled; comparing them is one memcmp. Why V8's data is in it twice: V8 does not checksum a
 * cache in release builds, and damaged bytecode crashes the process (SIGSEGV) on every start. Node
 * offers no checksum that loads faster than this check runs (node:zlib's crc32 and node:crypto
 * each cost milliseconds to load): two copies that still agree byte for byte were not torn,
 * truncated or damaged on disk. (Data damaged in memory before it was written is in both copies
 * alike: that this cannot catch.) Why the path: pruning removes the entries of installs that are
 * gone (a CI workspace deleted), reading only the header.
 */

/** Marks a file as an entry of this format; a new layout gets a new mark. */
const MAGIC = Buffer.from('mxm-v8c2');
/** Magic, then the lengths of the path, the source and V8's data, each 4 bytes little-endian. */
const HEADER_BYTES = MAGIC.length + 12;

/**
 * An entry holding V8's `data` for `source`, the bundle at `path`.
 *
 * @throws {RangeError} when a part is 4 GiB or more (no bundle is).
 */
export function encodeEntry(path: string, source: Buffer, data: Buffer): Buffer {
  const pathBytes = Buffer.from(path, 'utf8');
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header);
  header.writeUInt32LE(pathBytes.length, MAGIC.length);
  header.writeUInt32LE(source.length, MAGIC.length + 4);
  header.writeUInt32LE(data.length, MAGIC.length + 8);
  return Buffer.concat([header, pathBytes, source, data, data]);
}

/**
 * V8's data in `entry` when the entry is whole and was made from exactly `source`; otherwise why
 * not. Throws nothing.
 */
export function decodeEntry(entry: Buffer, source: Buffer): { readonly data: Buffer } | { readonly unused: string } {
  if (entry.length < HEADER_BYTES || !entry.subarray(0, MAGIC.length).equals(MAGIC)) return { unused: 'the entry is not one (no mark)' };
  const pathLength = entry.readUInt32LE(MAGIC.length);
  const sourceLength = entry.readUInt32LE(MAGIC.length + 4);
  const dataLength = entry.readUInt32LE(MAGIC.length + 8);
  if (entry.length !== HEADER_BYTES + pathLength + sourceLength + 2 * dataLength) return { unused: 'the entry is damaged (wrong length)' };
  const sourceStart = HEADER_BYTES + pathLength;
  const dataStart = sourceStart + sourceLength;
  if (sourceLength !== source.length || !entry.subarray(sourceStart, dataStart).equals(source)) return { unused: 'the entry was made from another build of the bundle' };
  const data = entry.subarray(dataStart, dataStart + dataLength);
  if (!data.equals(entry.subarray(dataStart + dataLength))) return { unused: 'the entry is damaged (its two copies differ)' };
  return { data };
}

/** How many bytes of an entry hold its header and path: enough to read for entryPath. */
export const ENTRY_PATH_BYTES_MAX = HEADER_BYTES + 4096;

/** The bundle path an entry was made for, from its first bytes; undefined when they are not an entry's. Throws nothing. */
export function entryPath(head: Buffer): string | undefined {
  if (head.length < HEADER_BYTES || !head.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const pathLength = head.readUInt32LE(MAGIC.length);
  return HEADER_BYTES + pathLength <= head.length ? head.toString('utf8', HEADER_BYTES, HEADER_BYTES + pathLength) : undefined;
}
