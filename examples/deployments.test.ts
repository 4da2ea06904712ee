/** Snapshot tests of the example's two deployments: what each binds, from which module, and its config. */
import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRuntimeContext } from '../src/index.js';
import { deploymentModules } from './deployment-modules.js';
import { ResearchApp } from './research-app.js';

const STORE = fileURLToPath(new URL('./store', import.meta.url));
const build = (substrate: string, storeRoot = STORE) =>
  buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', machine: 'workstation', substrate, role: 'research' }, storeRoot, modules: deploymentModules, env: {} });

async function snapshotOf(substrate: string, storeRoot = STORE) {
  const context = await build(substrate, storeRoot);
  try {
    return context.snapshot();
  } finally {
    await context.dispose();
  }
}

/** Every leaf path where two JSON values differ. */
function differences(a: unknown, b: unknown, at = ''): string[] {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at === '' ? k : `${at}.${k}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

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
  it('gives the same snapshots from copies of the store in two temporary directories', async () => {
    const copies = [mkdtempSync(join(tmpdir(), 'mxm-example-a-')), mkdtempSync(join(tmpdir(), 'mxm-example-b-'))];
    try {
      for (const dir of copies) cpSync(STORE, dir, { recursive: true });
      for (const substrate of ['local-process', 'docker']) {
        const [a, b] = await Promise.all(copies.map((dir) => snapshotOf(substrate, dir)));
        expect(a).toEqual(b);
        expect(a).toEqual(await snapshotOf(substrate));
        expect(JSON.stringify(a)).not.toMatch(/mxm-example-/);
      }
    } finally {
      for (const dir of copies) rmSync(dir, { recursive: true, force: true });
    }
  });
  it('lets two deployments be diffed: they differ where the substrate does, and nowhere else', async () => {
    expect(differences(await snapshotOf('local-process'), await snapshotOf('docker'))).toEqual([
      'identity.substrate',
      'key',
      'configFingerprint',
      // substrate.yaml's docker block moves the paths and the database hosts.
      'config.mxm_paths.data_root',
      'config.mxm_paths.artifact_root',
      'config.mxm_paths.export_root',
      'config.mxm_paths.log_root',
      'config.mxm_databases.refdata.host',
      'config.mxm_databases.marketdata.host',
      'config.service.endpoint',
      'layers.3.selector',
      // demo:local loads for one, demo:docker for the other, and binds the report sink.
      'modules.13.loaded',
      'modules.13.reason',
      'modules.14.loaded',
      'modules.14.reason',
      'bindings.0.module',
    ]);
  });
});
