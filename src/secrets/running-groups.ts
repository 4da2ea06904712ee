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

/** Programs being started right now: they count as running before they have a pid. */
let starting = 0;

const running = (): number => runningGroups.size + starting;

/** Tells the watchers when the count of runs went from none to some, or back. */
function notifyIfChanged(before: number): void {
  const now = running();
  if ((before === 0) !== (now === 0)) for (const listener of watchers) listener(now);
}

/**
 * Records that a program is about to start, before it is spawned, so that the CLI's interrupt
 * handlers are in place before the program exists (a signal in between would otherwise end the
 * CLI by its default action and leave the program running). Returns the function to call, once,
 * right after spawning, with the program's pid (undefined when it did not start).
 */
export function groupStarting(): (pid: number | undefined) => void {
  const before = running();
  starting += 1;
  notifyIfChanged(before);
  let recorded = false;
  return (pid) => {
    if (recorded) return;
    recorded = true;
    const was = running();
    starting -= 1;
    if (pid !== undefined) runningGroups.add(pid);
    notifyIfChanged(was);
  };
}

/** Records a run's process group as done; a pid not recorded is ignored. */
export function groupEnded(pid: number): void {
  const before = running();
  if (runningGroups.delete(pid)) notifyIfChanged(before);
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
