/**
 * The process groups of backend programs still running in this process, so that an interrupted
 * CLI can end them all. Kept apart from the runner so that watching costs no child_process load.
 */

const runningGroups = new Set<number>();
const watchers = new Set<(running: number) => void>();

/**
 * Calls `listener` with the number of runs going whenever it changes between none and some. The
 * CLI handles interrupts only while a backend runs: otherwise the signal's default action ends the
 * process at once, even in the middle of synchronous work that would delay a handler. Returns a
 * function that stops watching.
 */
export function watchRunningGroups(listener: (running: number) => void): () => void {
  watchers.add(listener);
  return () => watchers.delete(listener);
}

/** Records a run's process group as going (the runner calls it once the program has a pid). */
export function groupStarted(pid: number): void {
  runningGroups.add(pid);
  if (runningGroups.size === 1) for (const listener of watchers) listener(1);
}

/** Records a run's process group as done; a pid not recorded is ignored. */
export function groupEnded(pid: number): void {
  if (runningGroups.delete(pid) && runningGroups.size === 0) for (const listener of watchers) listener(0);
}

/** Kills the process group of every run still going (the CLI calls it on SIGINT, SIGTERM, SIGHUP). */
export function killRunningGroups(): void {
  for (const pid of runningGroups) killGroup(pid);
}

/** SIGKILL to a whole process group; one already gone is not an error. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
