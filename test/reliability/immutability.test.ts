/**
 * Reliability catalogue — immutability: every attempt to change config, views, paths,
 * databases, identity, metadata or the context itself throws; copies handed out are independent.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildRuntimeContext, makeView, toConfigData, type RuntimeContext } from '../../src/index.js';

const STORE = fileURLToPath(new URL('../../examples/store', import.meta.url));
let context: RuntimeContext;
beforeAll(async () => {
  context = await buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', role: 'research' }, storeRoot: STORE, env: { MXM_SUBSTRATE: 'local-process' } });
});
afterAll(() => context.dispose());

/** Runs a mutation in strict mode (this module is ESM, so always strict) and expects a TypeError. */
function refuses(mutate: () => void): void {
  expect(mutate).toThrow(TypeError);
}

describe('reliability: immutability', () => {
  it('the resolved config: set, add, delete at the top level', () => {
    const data = context.config.data as Record<string, unknown>;
    refuses(() => (data['project'] = 'x'));
    refuses(() => (data['added'] = 1));
    refuses(() => delete data['project']);
  });
  it('the resolved config: nested mappings and lists', () => {
    refuses(() => ((context.config.get('parameters') as Record<string, unknown>)['sample_count'] = 0));
    refuses(() => (context.config.get('parameters.universe') as unknown[]).push('X'));
    refuses(() => ((context.config.get('parameters.universe') as unknown[])[0] = 'X'));
  });
  it('the config object itself', () => {
    refuses(() => ((context.config as unknown as Record<string, unknown>)['fingerprint'] = 'sha256:forged'));
  });
  it('views', () => {
    const view = makeView(context.config, 'mxm_databases');
    refuses(() => ((view.data as Record<string, unknown>)['extra'] = {}));
    refuses(() => ((view.get('refdata') as Record<string, unknown>)['host'] = 'evil'));
  });
  it('plain data from toConfigData is a private copy', () => {
    const copy = toConfigData(context.config) as { parameters: { sample_count: number } };
    copy.parameters.sample_count = -1;
    expect(context.config.get('parameters.sample_count')).not.toBe(-1);
  });
  it('paths', () => {
    const paths = context.paths as unknown as Record<string, unknown>;
    refuses(() => (paths['dataRoot'] = '/tmp/evil'));
    refuses(() => (paths['extraRoot'] = '/tmp'));
  });
  it('databases and their settings', () => {
    const settings = context.databases.get('refdata') as Record<string, unknown>;
    refuses(() => (settings['host'] = 'evil'));
    refuses(() => ((context.databases as unknown as Record<string, unknown>)['get'] = () => ({})));
  });
  it('the identity, in the context and in the container', () => {
    refuses(() => ((context.identity as { role: string }).role = 'execution'));
    expect(context.identity.role).toBe('research');
  });
  it('metadata and identity evidence', () => {
    refuses(() => ((context.metadata as unknown as Record<string, unknown>)['machine'] = 'forged'));
    refuses(() => ((context.evidence as unknown as Record<string, unknown>)['role'] = 'forged'));
  });
  it("the context's services cannot be replaced", () => {
    refuses(() => ((context as unknown as Record<string, unknown>)['secrets'] = {}));
    refuses(() => ((context as unknown as Record<string, unknown>)['config'] = {}));
  });
  it('a snapshot is a fresh copy: changing one changes no later one', () => {
    const first = context.snapshot() as unknown as { identity: { role: string } };
    first.identity.role = 'execution';
    expect(context.snapshot().identity.role).toBe('research');
  });
  it('secret listings are copies', () => {
    const list = context.secrets.list();
    (list[0] as { allowed: boolean }).allowed = !list[0]?.allowed;
    expect(context.secrets.list()).not.toEqual(list);
  });
});
