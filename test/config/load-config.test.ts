import { describe, expect, it } from '@jest/globals';
import { ConfigError, ConfigSchemaRegistry, ConfigValidationError, loadConfig, makeView, toConfigData } from '../../src/index.js';
import { errorOf as errorOfAny, loadLayers } from '../helpers/config.js';
import { DEMO, tempStore } from '../helpers/temp-store.js';

const load = loadLayers;
const errorOf = (fn: () => unknown) => errorOfAny<ConfigError>(fn);

const FULL = {
  default: 'project: demo\nparameters:\n  refresh_interval: 5min\n  sample_count: 10\n  nested: {a: 1, b: 2}\npaths: {base: /data}\n',
  environment: 'dev:\n  parameters:\n    refresh_interval: 1min\nprod:\n  parameters:\n    refresh_interval: 10min\n',
  machine: 'bridge:\n  paths:\n    base: /bridge/data\n',
  substrate: 'local-process:\n  parameters:\n    nested: {b: 3}\n',
  role: 'research:\n  parameters:\n    sample_count: 42\n',
};

describe('loadConfig layering (mxm-config parity)', () => {
  it('loads the defaults alone', () => {
    const config = load({ default: 'project: demo\nn: 1\n' });
    expect(config.data).toEqual({ project: 'demo', n: 1 });
  });
  it('applies environment, machine, substrate and role blocks in order', () => {
    const config = load(FULL);
    expect(config.get('parameters.refresh_interval')).toBe('1min');
    expect(config.get('paths.base')).toBe('/bridge/data');
    expect(config.get('parameters.sample_count')).toBe(42);
  });
  it('merges nested mappings key by key', () => {
    expect(load(FULL).get('parameters.nested')).toEqual({ a: 1, b: 3 });
  });
  it('loads the role layer last', () => {
    const config = load({ default: 'x: d\n', environment: 'dev: {x: e}\n', machine: 'bridge: {x: m}\n', substrate: 'local-process: {x: s}\n', role: 'research: {x: r}\n' });
    expect(config.get('x')).toBe('r');
  });
  it('lets explicit overrides win over every layer', () => {
    expect(load(FULL, { overrides: { parameters: { sample_count: 777 } } }).get('parameters.sample_count')).toBe(777);
  });
  it('reads dotted override keys as nested paths, not literal dotted keys', () => {
    const config = load(FULL, { overrides: { 'parameters.refresh_interval': '2min' } });
    expect(config.get('parameters.refresh_interval')).toBe('2min');
    expect(Object.keys(config.data)).not.toContain('parameters.refresh_interval');
  });
  it('replaces lists instead of merging them', () => {
    expect(load({ default: 'l: [1, 2, 3]\n', role: 'research: {l: [9]}\n' }).get('l')).toEqual([9]);
  });
  it('lets null replace a mapping', () => {
    expect(load({ default: 'a: {b: 1}\n', role: 'research: {a: null}\n' }).get('a')).toBeNull();
  });
  it('never lets ??? in a later layer replace a value', () => {
    expect(load({ default: 'a: 1\n', role: "research: {a: '???'}\n" }).get('a')).toBe(1);
  });
  it('keeps an alias used twice as two values: a later layer changing one leaves the other', () => {
    const config = load({ default: 'base: &b {x: 1, list: [1]}\na: *b\nc: {<<: *b}\n', role: 'research:\n  a: {x: 2}\n  c: {y: 3}\n' });
    expect(config.get('a')).toEqual({ x: 2, list: [1] });
    expect(config.get('base')).toEqual({ x: 1, list: [1] });
    expect(config.get('c')).toEqual({ x: 1, list: [1], y: 3 });
    expect(config.get('a.list')).not.toBe(config.get('base.list'));
  });
  it('treats an empty default.yaml as an empty mapping', () => {
    expect(load({ default: '' }).data).toEqual({});
  });
});

describe('loadConfig errors', () => {
  it('names the app root when the app is missing, and lists the apps there', () => {
    const { root, cleanup } = tempStore({ 'apps/other/default.yaml': 'a: 1\n' });
    try {
      const error = errorOf(() => loadConfig({ identity: DEMO, storeRoot: root }));
      expect(error.code).toBe('CONFIG_APP_NOT_FOUND');
      expect(error.message).toContain(`${root}/apps/demo`);
      expect(error.message).toContain('Apps in this store: other');
    } finally {
      cleanup();
    }
  });
  it('names default.yaml when it is missing', () => {
    const error = errorOf(() => load({ environment: 'dev: {}\n' }));
    expect(error.code).toBe('CONFIG_FILE_NOT_FOUND');
    expect(error.message).toMatch(/Required configuration file not found: .*apps\/demo\/default\.yaml/);
  });
  it('names the file, dimension, selector and the available selectors when a block is missing', () => {
    const error = errorOf(() => load({ default: 'a: 1\n', environment: 'prod: {}\nuat: {}\n' }));
    expect(error.code).toBe('CONFIG_SELECTOR_NOT_FOUND');
    expect(error.message).toMatch(/Selector 'dev' for dimension 'environment' not found in .*environment\.yaml\. Available selectors: prod, uat\./);
  });
  it('rejects a root that is not a mapping, naming the file', () => {
    const error = errorOf(() => load({ default: '- a\n- b\n' }));
    expect(error.code).toBe('CONFIG_NOT_A_MAPPING');
    expect(error.message).toMatch(/default\.yaml holds a list/);
  });
  it('rejects a selected block that is not a mapping', () => {
    const error = errorOf(() => load({ default: 'a: 1\n', role: 'research: 5\n' }));
    expect(error.message).toMatch(/Selected block for dimension 'role' and selector 'research' in .*role\.yaml must be a mapping/);
  });
  it('names the file and line of invalid YAML', () => {
    const error = errorOf(() => load({ default: 'a: 1\nb: [\n' }));
    expect(error.code).toBe('CONFIG_YAML_INVALID');
    expect(error.message).toMatch(/default\.yaml:\d+/);
  });
  it('rejects duplicate keys', () => {
    expect(errorOf(() => load({ default: 'a: 1\na: 2\n' })).message).toMatch(/default\.yaml:2: duplicate key/);
  });
  it('reports every unset ??? and schema problem at once', () => {
    const schema = new ConfigSchemaRegistry().add('test', { parameters: { sample_count: { format: 'nat', default: 1 }, name: { format: String, default: 'x' } } });
    const error = errorOf(() => load({ default: "parameters: {sample_count: -3, name: 5}\ntoken: '???'\n" }, { schema }));
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.problems.map((p) => p.path).sort()).toEqual(['parameters.name', 'parameters.sample_count', 'token']);
    expect(error.problems.find((p) => p.path === 'token')?.source).toBe('default apps/demo/default.yaml:2');
  });

  it('names the contributor of a schema fragment convict refuses, among valid ones', () => {
    const schema = new ConfigSchemaRegistry()
      .add('paths-provider', { paths: { root: { format: String, default: '/data' } } })
      // A format convict does not know: a definition error, not a value error.
      .add('my-app', { parameters: { sample_count: { format: 'no-such-format' as 'nat', default: 1 } } });
    const error = errorOf(() => load({ default: 'parameters: {sample_count: 3}\n' }, { schema }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('CONFIG_SCHEMA_INVALID');
    expect(error.message).toContain("contributed by 'my-app' is invalid");
    expect(error.message).toContain('no-such-format');
    expect(error.message).not.toContain('paths-provider');
  });

  it('validates with every fragment once the definitions are accepted, on every load', () => {
    const schema = new ConfigSchemaRegistry()
      .add('a', { parameters: { sample_count: { format: 'nat', default: 1 } } })
      .add('b', { parameters: { name: { format: String, default: 'x' } } });
    for (let i = 0; i < 2; i++) {
      const error = errorOf(() => load({ default: 'parameters: {sample_count: -3, name: 5}\n' }, { schema }));
      expect(error.problems.map((p) => p.path).sort()).toEqual(['parameters.name', 'parameters.sample_count']);
    }
  });
});

describe('views and plain data', () => {
  it('makes a read-only view of a section', () => {
    const view = makeView(load(FULL), 'parameters');
    expect(view.get('sample_count')).toBe(42);
    expect(view.explain('sample_count').path).toBe('parameters.sample_count');
  });
  it('names the keys that exist when a view path is absent', () => {
    expect(() => makeView(load(FULL), 'nope')).toThrow(/Config key 'nope' not found: no 'nope' at the top level\. Available keys: parameters, paths, project\./);
  });
  it('refuses a view of a scalar', () => {
    expect(() => makeView(load(FULL), 'project')).toThrow(/is not a mapping \(it holds a string\)/);
  });
  it('gives plain, mutable data that does not share structure with the config', () => {
    const config = load(FULL);
    const data = toConfigData(config) as { parameters: { sample_count: number } };
    data.parameters.sample_count = 1;
    expect(config.get('parameters.sample_count')).toBe(42);
  });
  it('throws on every attempt to mutate the resolved config', () => {
    const config = load(FULL);
    expect(() => {
      (config.data as Record<string, unknown>)['project'] = 'x';
    }).toThrow(TypeError);
    expect(() => {
      (config.get('parameters') as Record<string, unknown>)['sample_count'] = 1;
    }).toThrow(TypeError);
  });
});

describe('provenance', () => {
  it('explains the winning layer with file and line, and the values it overrode', () => {
    const e = load(FULL).explain('parameters.sample_count');
    expect(e).toMatchObject({ value: 42, layer: 'role', file: 'apps/demo/role.yaml', line: 3, selector: 'research' });
    expect(e.overridden).toEqual([{ layer: 'default', file: 'apps/demo/default.yaml', line: 4, value: 10 }]);
  });
  it('records the interpolation a value was written as', () => {
    const e = load({ default: 'root: /data\nout: ${root}/out\n' }).explain('out');
    expect(e).toMatchObject({ value: '/data/out', interpolation: '${root}/out', line: 2 });
  });
  it('gives equal fingerprints for equal inputs and different ones otherwise', () => {
    expect(load(FULL).fingerprint).toBe(load(FULL).fingerprint);
    expect(load(FULL).fingerprint).not.toBe(load(FULL, { overrides: { x: 1 } }).fingerprint);
  });
  it('redacts sensitive values in JSON, inspect and explain', () => {
    const schema = new ConfigSchemaRegistry().add('test', { api: { token: { format: String, default: '', sensitive: true } } });
    const config = load({ default: 'api: {token: canary-value-123}\n' }, { schema });
    expect(config.get('api.token')).toBe('canary-value-123');
    expect(JSON.stringify(config)).not.toContain('canary-value-123');
    expect(config.explain('api.token').value).toBe('<redacted>');
  });
});
