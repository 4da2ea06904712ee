/**
 * Running a backend program safely: an argument vector (never a shell), stdin closed, a timeout
 * that kills the whole process group, and a cap on output.
 *
 * Owns: the child's life from spawn to exit. Does not own: what an exit code means (backends).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Limits and environment for one run. */
export interface RunOptions {
  readonly timeoutMs: number;
  /** Bytes of stdout (and, separately, stderr) kept before the run is stopped. */
  readonly maxOutputBytes: number;
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** How a run ended. */
export type RunResult =
  | { readonly kind: 'exited'; readonly code: number; readonly stdout: Buffer; readonly stderr: Buffer }
  | { readonly kind: 'missing' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'overflow' }
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

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Runs `command args…` and never throws: every outcome is a {@link RunResult}. */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout can kill everything it started.
      detached: true,
      shell: false,
      env: options.env ?? process.env,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let stopped: RunResult | undefined;
    const stop = (result: RunResult): void => {
      stopped ??= result;
      killGroup(child.pid);
    };
    const timer = setTimeout(() => stop({ kind: 'timeout' }), options.timeoutMs);
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
    // On exit, end whatever the program left behind in its group, so the pipes close.
    child.on('exit', () => killGroup(child.pid));
    child.on('close', (code, signal) => {
      if (stopped !== undefined) finish(stopped);
      else if (code === null) finish({ kind: 'signal', signal: signal ?? 'unknown' });
      else finish({ kind: 'exited', code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) });
    });
  });
}
