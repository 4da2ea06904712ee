import { inspect } from 'node:util';

/**
 * Everything a value can print as, for leak searches: inspect with hidden properties and getters,
 * inspect without custom inspectors, String(), JSON, and for errors the stack and every cause.
 */
export function renderings(value: unknown): string {
  const parts = [inspect(value, { depth: 8, showHidden: true, getters: true }), inspect(value, { depth: 8, customInspect: false, showHidden: true }), String(value)];
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch (error) {
    parts.push(String(error));
  }
  if (value instanceof Error) {
    parts.push(value.stack ?? '');
    for (let cause: unknown = value.cause; cause !== undefined && cause !== null; cause = (cause as Error).cause) parts.push(renderings(cause));
  }
  return parts.join('\n');
}
