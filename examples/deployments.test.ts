/** Snapshot tests of the example's two deployments: what each binds, from which module, and its config. */
import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { buildRuntimeContext } from '../src/index.js';
import { deploymentModules } from './deployment-modules.js';
import { ResearchApp } from './research-app.js';

const STORE = fileURLToPath(new URL('./store', import.meta.url));
const build = (substrate: string) =>
  buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', machine: 'workstation', substrate, role: 'research' }, storeRoot: STORE, modules: deploymentModules, env: {} });

describe('example deployments', () => {
  it('local deployment', async () => {
    const context = await build('local-process');
    expect(context.snapshot()).toMatchSnapshot();
    await context.dispose();
  });
  it('docker deployment', async () => {
    const context = await build('docker');
    expect(context.snapshot()).toMatchSnapshot();
    expect((await context.get(ResearchApp).plan())[0]).toBe('{"event":"refdata","host":"refdata-db","database":"refdata","user":"refdata_reader","password":"<redacted>"}');
    await context.dispose();
  });
});
