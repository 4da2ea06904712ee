/**
 * Writing the CLI's output to stdout and stderr, whole and in order, without building Node's
 * stream objects for them.
 *
 * Owns: writing to file descriptors 1 and 2 directly, what a closed reader means (`mxm-runtime
 * config | head -1` ends quietly, exit 0), and handing over to Node's streams when a descriptor
 * is non-blocking and full. Does not own what is written (output.ts).
 *
 * Why: `process.stdout` is made on first use, and making it loads Node's stream machinery
 * (and, for a pipe, its networking): about 3 ms of a 30 ms start on Node 22, for one write.
 */
import { fstatSync, statSync, writeSync } from 'node:fs';
import { MxmError } from '../errors/mxm-error.js';
import { killRunningGroups } from '../secrets/running-groups.js';

/** Descriptors that went over to Node's stream (a non-blocking descriptor was full): every later write follows, in order. */
const streaming = new Set<1 | 2>();

/**
 * Writes `text` to stdout, synchronously. A reader that went away ends the process with exit
 * code 0 (after ending any backend process tree still running), as a pipeline expects.
 *
 * @throws {MxmError} `CLI_OUTPUT_FAILED` naming the descriptor and the system's error (a full
 *   disk: ENOSPC) when the write fails other than by a closed pipe (EPIPE).
 */
export function writeStdout(text: string): void {
  writeTo(1, text);
}

/**
 * Writes `text` to stderr, synchronously.
 *
 * @throws as {@link writeStdout}.
 */
export function writeStderr(text: string): void {
  writeTo(2, text);
}

/**
 * Whether stdout (1) or stderr (2) is a terminal, as `process.stdout.isTTY` says, without making
 * the stream. Only a character device can be one; /dev/null, the usual other, is recognized by
 * its device number. Throws nothing.
 */
export function isTerminal(fd: 1 | 2): boolean {
  let answer = terminals.get(fd);
  if (answer === undefined) {
    // node:tty loads Node's networking: it is asked only about a descriptor that may be a terminal.
    answer = mayBeTerminal(fd) && process.getBuiltinModule('node:tty').isatty(fd);
    terminals.set(fd, answer);
  }
  return answer;
}

const terminals = new Map<1 | 2, boolean>();

function mayBeTerminal(fd: 1 | 2): boolean {
  try {
    const stats = fstatSync(fd);
    return stats.isCharacterDevice() && stats.rdev !== statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

function writeTo(fd: 1 | 2, text: string): void {
  if (streaming.has(fd)) {
    streamOf(fd).write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') readerGone();
    // A full disk or a broken device is the environment's fault, not a bug: say which, plainly.
    if (code !== 'EAGAIN') throw new MxmError('CLI_OUTPUT_FAILED', `Cannot write to ${fd === 1 ? 'stdout' : 'stderr'}: ${(error as Error).message}.`, { cause: error });
    // A non-blocking descriptor (the parent made it so) is full: Node's stream waits for room.
    streaming.add(fd);
    streamOf(fd).write(bytes.subarray(written));
  }
}

function streamOf(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (stream.listenerCount('error') === 0) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      readerGone();
    });
  }
  return stream;
}

function readerGone(): never {
  killRunningGroups();
  process.exit(0);
}
