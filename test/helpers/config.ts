import { loadConfig, type LoadConfigOptions, type MxmError } from '../../src/index.js';
import { DEMO, tempStore } from './temp-store.js';

/** Loads a throwaway demo store holding `layers`, with an empty environment; `options` may change the identity. */
export function loadLayers(layers: Readonly<Record<string, string>>, options: Partial<LoadConfigOptions> = {}) {
  const { root, cleanup } = tempStore(layers);
  try {
    return loadConfig({ identity: DEMO, storeRoot: root, env: {}, ...options });
  } finally {
    cleanup();
  }
}

/** The error `fn` throws; fails the test when it throws none. */
export function errorOf<E extends Error = MxmError>(fn: () => unknown): E {
  try {
    fn();
  } catch (error) {
    return error as E;
  }
  throw new Error('expected an error, but none was thrown');
}
