/**
 * The asynchronous file-system calls the secret backends need, as promisified callbacks rather
 * than node:fs/promises: loading that module (with readline and file watchers) costs about 1.5 ms
 * of every start that builds a context, and a backend may never be read.
 */
import { realpath as realpathCallback, stat as statCallback } from 'node:fs';
import { promisify } from 'node:util';

/** `fs.promises.stat`, without loading node:fs/promises. @throws the errno error of stat(2). */
export const stat = promisify(statCallback);

/** `fs.promises.realpath`, without loading node:fs/promises. @throws the errno error of realpath(3). */
export const realpath = promisify(realpathCallback);
