/**
 * The cases of mxm-config's own loader and helper tests (test_loader, test_loader_helpers,
 * test_helpers_make_view, test_helpers_to_config_data, make_subconfig), one by one, plus the
 * OmegaConf merge rule for a reference merged with a mapping.
 */
import { describe, expect, it } from '@jest/globals';
import { ConfigError, configFromData, ConfigValidationError, loadConfig, makeView, toConfigData } from '../../src/index.js';
import { errorOf as errorOfAny, loadLayers } from '../helpers/config.js';
import { DEMO, tempDir, tempStore } from '../helpers/temp-store.js';

function load(layers: Record<string, string>, identity: Partial<Record<keyof typeof DEMO, string>> = {}) {
  return loadLayers(layers, { identity: { ...DEMO, ...identity } });
}
const errorOf = (fn: () => unknown) => errorOfAny<ConfigError>(fn);

/** mxm-config's demo store, with its five layers. */
const DEMO_STORE = {
  default: 'project: mxm-config demo\nparameters:\n  refresh_interval: 5min\n  sample_count: 10\npaths:\n  base_output: /data/demo_output\n',
  environment: 'dev:\n  parameters: {refresh_interval: 1min}\nprod:\n  parameters: {refresh_interval: 10min}\n',
  machine: 'bridge:\n  paths: {base_output: /bridge/demo_output}\nwildling:\n  paths: {base_output: /home/wildling/demo_output}\n',
  substrate: 'local-process: {}\n',
  role: 'research:\n  parameters: {refresh_interval: 30min, sample_count: 42}\ndefault: {}\n',
};

describe('mxm-config test_loader', () => {
  it('dev: environment and later layers override the defaults', () => {
    const config = load(DEMO_STORE, { role: 'default' });
    expect(config.get('project')).toBe('mxm-config demo');
    expect(config.get('parameters.refresh_interval')).toBe('1min');
    expect(config.get('paths')).not.toBeNull();
  });
  it('prod: the prod environment block replaces the default', () => {
    expect(load(DEMO_STORE, { environment: 'prod', role: 'default' }).get('parameters.refresh_interval')).toBe('10min');
  });
  it('machine: the machine block changes the paths', () => {
    expect((load(DEMO_STORE, { machine: 'wildling' }).get('paths.base_output') as string).endsWith('wildling/demo_output')).toBe(true);
  });
  it('role (the Python profile): the role block wins over the environment', () => {
    const config = load(DEMO_STORE, { role: 'research' });
    expect(config.get('parameters.refresh_interval')).toBe('30min');
    expect(config.get('parameters.sample_count')).toBe(42);
  });
  it('explicit overrides win over everything', () => {
    const { root, cleanup } = tempStore(DEMO_STORE);
    try {
      expect(loadConfig({ identity: DEMO, storeRoot: root, overrides: { parameters: { sample_count: 777 } } }).get('parameters.sample_count')).toBe(777);
    } finally {
      cleanup();
    }
  });
});

describe('mxm-config test_loader_helpers: one dimension file at a time', () => {
  for (const [dimension, selected, other] of [
    ['environment', 'dev', 'prod'],
    ['machine', 'bridge', 'wildling'],
    ['substrate', 'local-process', 'docker'],
    ['role', 'research', 'trading'],
  ] as const) {
    it(`${dimension}: an absent file is skipped`, () => {
      const config = load({ default: 'param: 0\n' });
      expect(config.get('param')).toBe(0);
      expect(config.plan.find((l) => l.layer === dimension)).toMatchObject({ status: 'absent', selector: selected });
    });
    it(`${dimension}: the selected block is applied`, () => {
      expect(load({ default: 'param: 0\n', [dimension]: `${selected}:\n  param: 42\n` }).get('param')).toBe(42);
    });
    it(`${dimension}: an unknown selector is an error listing the available ones`, () => {
      const error = errorOf(() => load({ default: 'param: 0\n', [dimension]: `${other}:\n  param: 42\n` }));
      expect(error.code).toBe('CONFIG_SELECTOR_NOT_FOUND');
      expect(error.message).toContain(`Selector '${selected}' for dimension '${dimension}'`);
      expect(error.message).toContain(`${dimension}.yaml`);
      expect(error.message).toContain(`Available selectors: ${other}.`);
    });
  }
  it('a store root that does not exist is named', () => {
    const { root, cleanup } = tempDir();
    cleanup();
    const error = errorOf(() => loadConfig({ identity: DEMO, storeRoot: root }));
    expect(error.code).toBe('CONFIG_STORE_NOT_FOUND');
    expect(error.message).toContain(root);
  });
});

const VIEW_DATA = {
  mxm_dataio: {
    paths: { db_path: '/var/mxm/dataio/db.sqlite' },
    http: { timeout_s: 10, headers: { 'User-Agent': 'mxm/1' } },
    lists: { numbers: [1, 2, 3] },
  },
  mxm_datakraken: { sources: { justetf: { http: { base_url: 'https://www.justetf.com', timeout_s: '${mxm_dataio.http.timeout_s}' } } } },
  a: { b: { timeout_s: 7 } },
};

describe('mxm-config test_helpers_make_view', () => {
  it('selects a nested section, read-only', () => {
    const view = makeView(configFromData(VIEW_DATA), 'mxm_dataio');
    expect(view.get('paths.db_path')).toBe('/var/mxm/dataio/db.sqlite');
    expect(() => {
      (view.get('paths') as Record<string, unknown>)['db_path'] = '/tmp/other.sqlite';
    }).toThrow(TypeError);
  });
  it('selects deep sections with interpolations resolved', () => {
    const http = makeView(configFromData(VIEW_DATA), 'mxm_datakraken.sources.justetf.http');
    expect(http.get('base_url')).toBe('https://www.justetf.com');
    expect(http.get('timeout_s')).toBe(10);
    expect(http.explain('timeout_s').interpolation).toBe('${mxm_dataio.http.timeout_s}');
  });
  it('shows the unresolved reference when resolution is off', () => {
    const http = makeView(configFromData(VIEW_DATA, { resolve: false }), 'mxm_datakraken.sources.justetf.http');
    expect(http.get('timeout_s')).toBe('${mxm_dataio.http.timeout_s}');
  });
  it('a view is the same data as the config, not a copy', () => {
    const config = configFromData(VIEW_DATA);
    expect(makeView(config, 'mxm_dataio').data).toBe(config.get('mxm_dataio'));
  });
  it('a missing path is an error listing what exists', () => {
    const error = errorOf(() => makeView(configFromData(VIEW_DATA), 'does.not.exist'));
    expect(error.code).toBe('CONFIG_KEY_NOT_FOUND');
    expect(error.message).toContain('Available keys: a, mxm_dataio, mxm_datakraken.');
  });
  it('a scalar leaf is not a section', () => {
    expect(errorOf(() => makeView(configFromData(VIEW_DATA), 'a.b.timeout_s')).code).toBe('CONFIG_NOT_A_SECTION');
  });
  it('a list is not a section', () => {
    const error = errorOf(() => makeView(configFromData(VIEW_DATA), 'mxm_dataio.lists.numbers'));
    expect(error.code).toBe('CONFIG_NOT_A_SECTION');
    expect(error.message).toContain('a list');
  });
  it('a copy taken from a view is isolated from the config', () => {
    const config = configFromData(VIEW_DATA);
    const local = toConfigData(makeView(config, 'mxm_dataio.http'));
    local['timeout_s'] = 999;
    expect(config.get('mxm_dataio.http.timeout_s')).toBe(10);
  });
  it('a view of a view keeps the full path', () => {
    const inner = makeView(makeView(configFromData(VIEW_DATA), 'mxm_datakraken'), 'sources.justetf');
    expect(inner.path).toBe('mxm_datakraken.sources.justetf');
    expect(inner.get('http.timeout_s')).toBe(10);
  });
});

describe('mxm-config test_helpers_to_config_data and make_subconfig', () => {
  it('returns a plain mapping', () => {
    const data = toConfigData(configFromData({ foo: 'bar', answer: 42 }));
    expect(data).toEqual({ foo: 'bar', answer: 42 });
    expect(Object.isFrozen(data)).toBe(false);
  });
  it('keeps nested structures', () => {
    const input = { outer: { inner: { values: [1, 2, 3], enabled: true } } };
    expect(toConfigData(configFromData(input))).toEqual(input);
  });
  it('resolves interpolations', () => {
    expect(toConfigData(configFromData({ base: '/tmp/mxm', data_root: '${base}/data' }))['data_root']).toBe('/tmp/mxm/data');
  });
  it('never freezes or keeps its input', () => {
    const input = { a: { b: 1 } };
    const config = configFromData(input);
    expect(Object.isFrozen(input.a)).toBe(false);
    input.a.b = 2;
    expect(config.get('a.b')).toBe(1);
  });
  it('reads dotted keys as paths', () => {
    expect(configFromData({ 'a.b': 1, a: { c: 2 } }).get('a')).toEqual({ b: 1, c: 2 });
  });
  it('rejects data that is not a mapping', () => {
    expect(errorOf(() => configFromData([1, 2] as never)).code).toBe('CONFIG_NOT_A_MAPPING');
  });
  it('reports unset mandatory values', () => {
    expect(errorOf(() => configFromData({ token: '???' }))).toBeInstanceOf(ConfigValidationError);
  });
});

describe('OmegaConf: a reference to a mapping, merged with a mapping', () => {
  it('extends a copy of the mapping it names', () => {
    const config = load({ default: 'base: {a: 1, b: 2}\nderived: ${base}\n', role: 'research:\n  derived: {b: 3, c: 4}\n' });
    expect(config.get('derived')).toEqual({ a: 1, b: 3, c: 4 });
    expect(config.get('base')).toEqual({ a: 1, b: 2 });
    expect(config.explain('derived.a')).toMatchObject({ layer: 'default', line: 1 });
    expect(config.explain('derived.c')).toMatchObject({ layer: 'role', selector: 'research' });
  });
  it('follows relative references and chains of references', () => {
    const config = load({
      default: 'group:\n  x: {k: 1}\n  y: ${.x}\nchain: ${group.y}\n',
      environment: 'dev:\n  group: {y: {j: 2}}\n  chain: {z: 3}\n',
    });
    expect(config.get('group.y')).toEqual({ k: 1, j: 2 });
    expect(config.get('chain')).toEqual({ k: 1, j: 2, z: 3 });
  });
  it('a scalar or a reference to a scalar is simply replaced', () => {
    const config = load({ default: 'n: 1\nref: ${n}\ntext: "a ${n}"\n', environment: 'dev:\n  ref: {x: 1}\n  text: {y: 2}\n' });
    expect(config.get('ref')).toEqual({ x: 1 });
    expect(config.get('text')).toEqual({ y: 2 });
  });
  it('a reference to a missing key is replaced, not an error', () => {
    expect(load({ default: 'ref: ${nowhere}\n', environment: 'dev:\n  ref: {x: 1}\n' }).get('ref')).toEqual({ x: 1 });
  });
});
