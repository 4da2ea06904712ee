/**
 * Reading a file the runtime was pointed at — a config layer, an env file, machines.yaml, a secret
 * file, a dotenv store — without letting it hang or flood the process.
 *
 * The file is opened non-blocking (a FIFO cannot stall the open), checked on the open descriptor to
 * be a regular file (so it cannot be swapped between the check and the read), read up to a size
 * cap, and checked again afterwards: a file that changed while it was read is read once more, then
 * reported, so a half-written file never passes as a short one. Owns: that procedure and the
 * reasons it fails with. Does not own: what the bytes mean, or which error the caller throws.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type BigIntStats } from 'node:fs';
import { strictUtf8 } from './strict-utf8.js';
import { keepClassNames } from '../errors/mxm-error.js';

/** Why a file could not be read. */
export type FileReadFailure = 'not-found' | 'permission-denied' | 'directory' | 'not-regular' | 'too-large' | 'changed' | 'symlink-loop' | 'refused' | 'io';

/** How a caller narrows what is read. */
export interface RegularFileOptions {
  /** false: a symlink in the last component is refused (`symlink-loop`, ELOOP), never followed. Default true. */
  readonly followSymlinks?: boolean;
  /**
   * Checks the open file's own stats before a byte is read (its owner and mode, say), so the file
   * checked is the file read; returns why it is refused (`refused`), or undefined to read it.
   */
  readonly refuse?: (stats: BigIntStats) => string | undefined;
}

/** Thrown by the readers here; callers wrap it in their own area's error, naming the file. */
export class FileReadError extends Error {
  constructor(
    readonly reason: FileReadFailure,
    /** A sentence fragment for the caller's message: `is not a regular file (a FIFO, socket or device)`. */
    readonly description: string,
    readonly errno?: string,
  ) {
    super(description);
    this.name = 'FileReadError';
  }
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; O_NOCTTY: a terminal device never becomes ours.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

const describeSize = (bytes: number | bigint): string => `${(Number(bytes) / (1024 * 1024)).toFixed(1)} MiB`;

/** The failure for an errno from open or read. */
function failureOf(error: unknown): FileReadError {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new FileReadError('not-found', 'does not exist', code);
    case 'EACCES':
    case 'EPERM':
      return new FileReadError('permission-denied', 'cannot be read: permission denied', code);
    case 'EISDIR':
      return new FileReadError('directory', 'is a directory, where a file belongs', code);
    case 'ELOOP':
      return new FileReadError('symlink-loop', 'is a symlink loop', code);
    case 'ENXIO':
      // open() of a Unix socket.
      return new FileReadError('not-regular', 'is not a regular file (a FIFO, socket or device)', code);
    default:
      return new FileReadError('io', `cannot be read (${code})`, code);
  }
}

function checkKind(stats: BigIntStats, maxBytes: number): void {
  if (stats.isDirectory()) throw new FileReadError('directory', 'is a directory, where a file belongs');
  if (!stats.isFile()) throw new FileReadError('not-regular', 'is not a regular file (a FIFO, socket or device)');
  if (stats.size > BigInt(maxBytes)) throw tooLarge(stats.size, maxBytes);
}

const tooLarge = (size: number | bigint, maxBytes: number): FileReadError =>
  new FileReadError('too-large', `is ${describeSize(size)}, over the limit of ${describeSize(maxBytes)}`);

const unchanged = (a: BigIntStats, b: BigIntStats, bytesRead: number): boolean =>
  a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && BigInt(bytesRead) === b.size;

const changed = (): FileReadError => new FileReadError('changed', 'changed while it was being read, twice in a row (is something still writing it?)');

/**
 * Reads a regular file of at most `maxBytes`, synchronously.
 *
 * @throws {FileReadError} not found, permission denied, a directory, not a regular file (FIFO,
 *   socket, device), over `maxBytes`, a symlink loop (or, with `followSymlinks: false`, a
 *   symlink), refused by `options.refuse`, or changed while read (after one retry).
 */
export function readRegularFileSync(path: string, maxBytes: number, options: RegularFileOptions = {}): Buffer {
  const flags = options.followSymlinks === false ? OPEN_FLAGS | constants.O_NOFOLLOW : OPEN_FLAGS;
  for (let attempt = 0; ; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(path, flags);
    } catch (error) {
      throw failureOf(error);
    }
    try {
      const before = fstatSync(fd, { bigint: true });
      checkKind(before, maxBytes);
      const refused = options.refuse?.(before);
      if (refused !== undefined) throw new FileReadError('refused', refused);
      // One byte more than allowed tells a file that grew past the cap from one that fits.
      const buffer = Buffer.allocUnsafe(Math.min(Number(before.size), maxBytes) + 1);
      let length = 0;
      for (;;) {
        const n = readSync(fd, buffer, length, buffer.length - length, null);
        if (n === 0) break;
        length += n;
        if (length === buffer.length) break;
      }
      if (length > maxBytes) throw tooLarge(length, maxBytes);
      if (unchanged(before, fstatSync(fd, { bigint: true }), length)) return buffer.subarray(0, length);
      if (attempt >= 1) throw changed();
    } catch (error) {
      throw error instanceof FileReadError ? error : failureOf(error);
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * The same read for async callers (secret backends). It runs {@link readRegularFileSync}: the file
 * is known to be a regular file of at most `maxBytes` before a byte is read, so the read is short
 * and cannot block, and one procedure is easier to keep right than two.
 *
 * @throws {FileReadError} as {@link readRegularFileSync} does.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  return readRegularFileSync(path, maxBytes);
}

/**
 * Decodes bytes as UTF-8, refusing anything that is not (never silently turning bytes into U+FFFD).
 *
 * @throws {FileReadError} `io` with the description `is not valid UTF-8`.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  const text = strictUtf8(bytes);
  if (text === undefined) throw new FileReadError('io', 'is not valid UTF-8');
  // As a TextDecoder does: a byte order mark at the start is not text.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

keepClassNames({ FileReadError });
