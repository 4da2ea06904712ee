/**
 * The package's entry is a bundle with its own inversify inside (dist/bundle, what `npm test`
 * builds and the tarball ships). An application may decorate its classes with the decorators the
 * package re-exports, or with its own `inversify` import — a second copy — and the bundle's
 * container must resolve both, and both mixed.
 *
 * The bundle is imported by path at run time: before the first build there are no declarations
 * beside it to type-check against, so it is typed as the source entry it was built from.
 */
import { describe, expect, it } from '@jest/globals';
import { inject as appInject, injectable as appInjectable } from 'inversify';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';

type Package = typeof import('../../src/index.js');
const BUNDLE = fileURLToPath(new URL('../../dist/bundle/index.js', import.meta.url));
const lib = (await import(BUNDLE)) as Package;
const STORE = fileURLToPath(new URL('../../examples/store', import.meta.url));
const IDENTITY = { app: 'demo', environment: 'dev', role: 'research', machine: 'workstation', substrate: 'local-process' };

/** Decorated with the package's re-exported decorators (the bundle's inversify). */
@lib.injectable()
class WithPackageDecorators {
  constructor(@lib.inject(lib.PATHS) readonly paths: { readonly dataRoot: string }) {}
}

/** Decorated with the application's own inversify import (the copy in node_modules). */
@appInjectable()
class WithOwnInversify {
  constructor(@appInject(lib.SECRETS) readonly secrets: { list(): readonly unknown[] }) {}
}

/** Its own inversify, injecting a class the package's decorators marked. */
@appInjectable()
class Mixed {
  constructor(
    @appInject(WithPackageDecorators) readonly first: WithPackageDecorators,
    @lib.inject(WithOwnInversify) readonly second: WithOwnInversify,
  ) {}
}

const build = () =>
  lib.buildRuntimeContext({
    identity: IDENTITY,
    storeRoot: STORE,
    modules: [lib.defineDeploymentModule({ name: 'test:app' }, (bind) => bind(WithOwnInversify).toSelf())],
  });

describe('the bundled package entry', () => {
  it('carries its own inversify: its decorators are not the ones node_modules holds', () => {
    expect(lib.injectable).not.toBe(appInjectable);
  });

  it('resolves a class decorated with the decorators the package re-exports', async () => {
    const context = await build();
    expect(typeof context.get(WithPackageDecorators).paths.dataRoot).toBe('string');
    await context.dispose();
  });

  it("resolves a class decorated with the application's own inversify", async () => {
    const context = await build();
    expect(context.get(WithOwnInversify).secrets).toBe(context.secrets);
    await context.dispose();
  });

  it('resolves a class whose parameters were decorated by both copies', async () => {
    const context = await build();
    const mixed = context.get(Mixed);
    expect(mixed.first).toBeInstanceOf(WithPackageDecorators);
    expect(mixed.second).toBeInstanceOf(WithOwnInversify);
    await context.dispose();
  });
});

// The bundles are minified without esbuild's keepNames (it costs every start): the names a user
// meets are given back explicitly, and these tests keep them so.
describe('names in the minified bundle', () => {
  it('names every exported class and function as it is exported', () => {
    const misnamed = Object.entries(lib).filter(([name, value]) => typeof value === 'function' && value.name !== name);
    expect(misnamed.map(([name, value]) => `${name} is named ${(value as { name: string }).name}`)).toEqual([]);
  });

  it('names an error by its class, in its name and the first line of its stack', () => {
    const error = new lib.SecretTimeoutError('broker_api_key', 'dev_files', 250);
    expect(error.name).toBe('SecretTimeoutError');
    expect(String(error.stack).split('\n')[0]).toMatch(/^SecretTimeoutError: /);
    expect(new lib.ConfigValidationError([]).name).toBe('ConfigValidationError');
  });

  it('inspects a config view under its class name', async () => {
    const context = await build();
    expect(inspect(context.config.viewAt('parameters'))).toMatch(/^ConfigView\(parameters\) /);
    expect(inspect(context.config)).toMatch(/^ResolvedConfig\(<root>\) /);
    await context.dispose();
  });
});
