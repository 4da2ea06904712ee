/**
 * A CPU profile of a task, summarised as the functions with the most self time — what
 * RESULTS.md shows to explain where the time of a context build goes.
 */
import { Session } from 'node:inspector/promises';

/** One line of the summary. */
export interface HotFunction {
  readonly name: string;
  /** `package/file:line`, or `(native)`. */
  readonly where: string;
  readonly selfPercent: number;
  readonly selfMs?: number | undefined;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

/** A V8 CPU profile, as the inspector returns it and `node --cpu-prof` writes it. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The self time (ms) of each sampled node of a profile. */
export function selfTimes(profile: CpuProfile): Map<number, number> {
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  return selfTime;
}

/** The `top` functions of a profile by self time. */
export function summarizeProfile(profile: CpuProfile, top: number): HotFunction[] {
  const selfTime = selfTimes(profile);
  const byFunction = new Map<string, { name: string; where: string; time: number }>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url === '' ? '(native)' : `${shortUrl(url)}:${lineNumber + 1}`;
    const name = functionName === '' ? '(anonymous)' : functionName;
    const key = `${name} ${where}`;
    const entry = byFunction.get(key) ?? { name, where, time: 0 };
    entry.time += selfTime.get(node.id) ?? 0;
    byFunction.set(key, entry);
  }
  // The profiler's own work (serialising the profile) and idle time are not the task's.
  for (const key of ['dispatch (native)', '(idle) (native)', '(program) (native)']) byFunction.delete(key);
  const total = [...byFunction.values()].reduce((sum, e) => sum + e.time, 0) || 1;
  return [...byFunction.values()]
    .sort((a, b) => b.time - a.time)
    .slice(0, top)
    .map((e) => ({ name: e.name, where: e.where, selfPercent: (100 * e.time) / total, selfMs: e.time }));
}

/** Profiles `runs` calls of `task` and returns the `top` functions by self time. */
export async function hotFunctions(task: () => Promise<unknown>, runs: number, top: number): Promise<HotFunction[]> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    for (let i = 0; i < runs; i += 1) await task();
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    return summarizeProfile(profile, top);
  } finally {
    session.disconnect();
  }
}

/** `yaml/dist/parse/parser.js` or `mxm-runtime/src/config/merge.js`. */
export function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  const dist = path.lastIndexOf('/dist/');
  return dist >= 0 ? `mxm-runtime/${path.slice(dist + '/dist/'.length)}` : path;
}
