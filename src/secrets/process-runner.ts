/**
 * Running a backend program safely: an argument vector (never a shell), stdin closed, a timeout
 * that kills the whole process group, a cap on output, and an abort signal.
 *
 * A run always settles: when the program exits and its output ends, or its timeout fires, or the
 * signal does. A grandchild that left the group (a daemon in its own session) may keep the pipes
 * open after the program exits: the run then settles with the program's outcome when the timeout
 * fires — never earlier, because a busy event loop can deliver the last of the output late, and a
 * value cut short is worse than a slow one — and the pipes are closed then.
 *
 * Owns: the child's life from spawn to exit. Does not own: what an exit code means (backends).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { groupEnded, groupStarting, killGroup } from './running-groups.js';

/** Limits and environment for one run. */
export interface RunOptions {
  readonly timeoutMs: number;
  /** Bytes of stdout (and, separately, stderr) kept before the run is stopped. */
  readonly maxOutputBytes: number;
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Ends the run early: the process group is killed and the run settles as `aborted`. */
  readonly signal?: AbortSignal | undefined;
}

/** After a kill, how long to wait for the pipes to close before closing them on whoever holds them. */
const PIPE_GRACE_MS = 250;

/** How a run ended. */
export type RunResult =
  | { readonly kind: 'exited'; readonly code: number; readonly stdout: Buffer; readonly stderr: Buffer }
  | { readonly kind: 'missing' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'overflow' }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'signal'; readonly signal: string }
  | { readonly kind: 'spawn-error'; readonly code: string };

/** Finds an executable on PATH without running anything; undefined when absent. */
export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = command.includes('/') ? [''] : (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = dir === '' ? command : join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs `command args…` and never throws: every outcome is a {@link RunResult}. */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    if (options.signal?.aborted === true) {
      resolve({ kind: 'aborted' });
      return;
    }
    // node:child_process (with net, streams and more) is loaded by the first run: most starts run none.
    const { spawn } = process.getBuiltinModule('node:child_process');
    // Counted as running before it exists: spawn is synchronous, so an interrupt handled after
    // it returns finds the group recorded, and none can arrive unhandled in between.
    const started = groupStarting();
    let child;
    try {
      child = spawn(command, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a timeout can kill everything it started.
        detached: true,
        shell: false,
        env: options.env ?? process.env,
      });
    } catch (error) {
      started(undefined);
      throw error;
    }
    started(child.pid);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let stopped: RunResult | undefined;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let grace: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      options.signal?.removeEventListener('abort', onAbort);
      if (child.pid !== undefined) groupEnded(child.pid);
      // Whoever still holds the pipes, they are ours to close: no handle outlives the run.
      child.stdout.destroy();
      child.stderr.destroy();
      resolve(result);
    };
    const outcome = (): RunResult => {
      if (stopped !== undefined) return stopped;
      if (exitCode === null) return { kind: 'signal', signal: exitSignal ?? 'unknown' };
      return { kind: 'exited', code: exitCode, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) };
    };
    // After a kill, wait a little for the pipes to close, then settle regardless (no value is returned then).
    const settleSoon = (): void => {
      grace ??= setTimeout(() => finish(outcome()), PIPE_GRACE_MS);
    };
    const stop = (result: RunResult): void => {
      stopped ??= result;
      killGroup(child.pid);
      settleSoon();
    };
    const onAbort = (): void => stop({ kind: 'aborted' });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // Past the timeout: a program still running is stopped; one that exited while something else holds its pipes is done.
    const timer = setTimeout(() => (exitCode === null && exitSignal === null ? stop({ kind: 'timeout' }) : finish(outcome())), options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > options.maxOutputBytes) stop({ kind: 'overflow' });
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errBytes += chunk.length;
      if (errBytes <= options.maxOutputBytes) stderr.push(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ENOENT' ? { kind: 'missing' } : { kind: 'spawn-error', code: error.code ?? 'unknown' });
    });
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      // End whatever the program left behind in its group, so the pipes close.
      killGroup(child.pid);
    });
    child.on('close', () => finish(outcome()));
  });
}
