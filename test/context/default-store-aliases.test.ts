/**
 * Regression: a store given only by MXM_CONFIG_STORE had its config read but its machines.yaml
 * ignored, so a host the store maps (`"*": workstation`) was looked up by its raw host name and
 * the build failed with "Selector 'vm' for dimension 'machine' not found".
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { buildRuntimeContext } from '../../src/index.js';
import { tempStore } from '../helpers/temp-store.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('a store given by MXM_CONFIG_STORE', () => {
  it("maps the host through the store's machines.yaml, as an explicit storeRoot does", async () => {
    const store = tempStore({ './machines.yaml': '"*": workstation\n', default: 'x: 1\n', machine: 'workstation:\n  x: 2\n' });
    cleanup = store.cleanup;
    const context = await buildRuntimeContext({
      identity: { app: 'demo', environment: 'dev', role: 'research', substrate: 'local-process' },
      env: { MXM_CONFIG_STORE: store.root },
      probes: { hostname: () => 'random-runner-7' },
    });
    expect(context.identity.machine).toBe('workstation');
    expect(context.config.get('x')).toBe(2);
    expect(context.evidence.machine.evidence).toContain('machines.yaml');
  });
});
