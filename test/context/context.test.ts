import { afterEach, describe, expect, it } from '@jest/globals';
import { inject, injectable } from 'inversify';
import {
  buildRuntimeContext,
  ContextDisposedError,
  createToken,
  defineDeploymentModule,
  IDENTITY,
  ModuleDefinitionError,
  RuntimeContextBuildError,
  RuntimeIdentityError,
  SECRETS,
  type RuntimeContext,
  type RuntimeIdentity,
  type SecretsApi,
} from '../../src/index.js';
import { DEMO, tempStore } from '../helpers/temp-store.js';

const STORE = {
  default: 'mxm_paths: {data_root: /d, artifact_root: /a, export_root: /e, log_root: /l}\nmxm_secrets:\n  stores: {mem: {backend: memory, root: r}}\n  policies: {p: {allowed_principals: [research]}}\n  refs: {token: {store: mem, path: t, policy: p}}\n',
};
const GREETING = createToken<string>('test.greeting', { definedIn: 'test/context' });
const MISSING = createToken<string>('test.missing', { definedIn: 'test/context/missing' });

@injectable()
class App {
  constructor(
    @inject(SECRETS) readonly secrets: SecretsApi,
    @inject(IDENTITY) readonly identity: RuntimeIdentity,
  ) {}
}
@injectable()
class NeedsMissing {
  constructor(@inject(MISSING) readonly value: string) {}
}

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});
async function build(options: Partial<Parameters<typeof buildRuntimeContext>[0]> = {}, store: Record<string, string> = STORE): Promise<RuntimeContext> {
  const { root, cleanup } = tempStore(store);
  cleanups.push(cleanup);
  return buildRuntimeContext({ identity: DEMO, storeRoot: root, env: {}, ...options });
}

describe('buildRuntimeContext', () => {
  it('resolves an @inject-ed application class through the context', async () => {
    const app = (await build()).get(App);
    expect(app.identity).toEqual(DEMO);
    expect(app.secrets.names()).toEqual(['token']);
  });

  it('resolves each service once', async () => {
    const context = await build();
    expect(context.secrets).toBe(context.secrets);
    expect(context.paths).toBe(context.get(createToken('mxm.paths')));
  });

  it('loads matching modules in layer order, later ones rebinding earlier ones', async () => {
    const order: string[] = [];
    const mod = (name: string, when: Record<string, string> | undefined, value: string) =>
      defineDeploymentModule({ name, when }, (bind) => {
        order.push(name);
        bind(GREETING).toConstantValue(value);
      });
    const context = await build({ modules: [mod('role', { role: 'research' }, 'role'), mod('env', { environment: 'dev' }, 'env'), mod('base', undefined, 'base'), mod('prod', { environment: 'prod' }, 'prod')] });
    expect(order).toEqual(['base', 'env', 'role']);
    expect(context.get(GREETING)).toBe('role');
    const binding = context.snapshot().bindings.find((b) => b.token === 'test.greeting');
    expect(binding).toMatchObject({ module: 'role', kind: 'constant', overrode: ['base', 'env'] });
    expect(context.snapshot().modules.find((m) => m.name === 'prod')).toMatchObject({ loaded: false, reason: "environment is 'dev', module wants 'prod'" });
  });

  it('names the unbound token, where it was defined and the path to it', async () => {
    const context = await build();
    expect(() => context.get(NeedsMissing)).toThrow(/Cannot resolve NeedsMissing: nothing is bound to test\.missing \(a token defined in test\/context\/missing\)/);
  });

  it('names the cycle of tokens and the modules that bound them on a circular dependency', async () => {
    const PING = createToken<unknown>('test.ping', { definedIn: 'test/context' });
    const PONG = createToken<unknown>('test.pong', { definedIn: 'test/context' });
    const loop = defineDeploymentModule({ name: 'loop' }, (bind) => {
      bind(PING).toResolvedValue((pong: unknown) => ({ pong }), [PONG]);
      bind(PONG).toResolvedValue((ping: unknown) => ({ ping }), [PING]);
    });
    const context = await build({ modules: [loop] });
    let error: unknown;
    try {
      context.get(PING);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'CONTAINER_CIRCULAR' });
    expect((error as Error).message).toBe("Cannot resolve test.ping (bound by module 'loop'): circular dependency test.ping (loop) → test.pong (loop) → test.ping (loop).");
  });

  it('refuses a module that binds one token twice', async () => {
    const twice = defineDeploymentModule({ name: 'twice' }, (bind) => {
      bind(GREETING).toConstantValue('a');
      bind(GREETING).toConstantValue('b');
    });
    await expect(build({ modules: [twice] })).rejects.toThrow("Module 'twice' binds test.greeting twice");
  });

  it('reports config, secrets and paths problems together before returning', async () => {
    const error = await build({}, { default: "token: '???'\nmxm_paths: {data_root: relative}\nmxm_secrets:\n  refs: {x: {store: nope, path: p, policy: q}}\n" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeContextBuildError);
    const paths = (error as RuntimeContextBuildError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['token', 'mxm_secrets.refs.x.store', 'mxm_paths.data_root', 'mxm_paths.log_root']));
  });

  it.each([
    ['no identity', { identity: undefined }, RuntimeIdentityError, /identity: is missing: give an object such as/],
    ['an identity that is a string', { identity: 'demo' }, RuntimeIdentityError, /identity: is a string/],
    ['modules that are not a list', { modules: {} }, ModuleDefinitionError, /modules must be a list of modules/],
    ['a module no define function made', { modules: [{}] }, ModuleDefinitionError, /modules\[0\] is not a module: make it with defineDeploymentModule/],
  ])('refuses %s with a typed error, not a TypeError', async (_, options, type, message) => {
    const error = await build(options as never).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
  });

  it('is unusable after dispose, with a clear error', async () => {
    const context = await build();
    await context.dispose();
    expect(() => context.secrets).toThrow(ContextDisposedError);
    expect(() => context.config).toThrow('The runtime context was disposed; cannot read config.');
  });

  it('gives equal snapshots for stores in different directories, without temp paths', async () => {
    const a = (await build()).snapshot();
    const b = (await build()).snapshot();
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).not.toMatch(/mxm-test-/);
  });
});
