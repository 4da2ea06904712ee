/**
 * Reliability catalogue — the config store: files that are missing, unreadable, the wrong kind,
 * malformed, hostile or huge. Each gives a typed ConfigError naming the file, quickly.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/index.js';
import { DEMO, tempDir, tempStore } from '../helpers/temp-store.js';

/** Loads the demo app from a store prepared by `setup`, returning the error it throws. */
function failure(files: Record<string, string | Buffer>, setup: (app: string) => void = () => undefined): ConfigError {
  const { root, cleanup } = tempDir({});
  try {
    const app = join(root, 'apps', 'demo');
    mkdirSync(app, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(app, name), text);
    setup(app);
    loadConfig({ identity: DEMO, storeRoot: root, env: {} });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  } finally {
    cleanup();
  }
  throw new Error('expected a ConfigError');
}

function loads(layers: Record<string, string>) {
  const { root, cleanup } = tempStore(layers);
  try {
    return loadConfig({ identity: DEMO, storeRoot: root, env: {} });
  } finally {
    cleanup();
  }
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

describe('reliability: the config store', () => {
  it('a missing store root', () => {
    expect(() => loadConfig({ identity: DEMO, storeRoot: '/nonexistent/mxm-store', env: {} })).toThrow(/Config store not found: \/nonexistent\/mxm-store/);
  });
  it('a missing default.yaml', () => {
    expect(failure({ 'environment.yaml': 'dev: {}\n' }).message).toMatch(/Required configuration file not found: .*apps\/demo\/default\.yaml/);
  });
  it('an unreadable file (read fails with EIO)', () => {
    const error = failure({}, (app) => symlinkSync('/proc/self/mem', join(app, 'default.yaml')));
    expect(error.code).toBe('CONFIG_FILE_UNREADABLE');
    expect(error.message).toMatch(/Configuration file .*default\.yaml cannot be read \(EIO\)/);
  });
  it('a directory where a file belongs', () => {
    const error = failure({ 'default.yaml': 'a: 1\n' }, (app) => mkdirSync(join(app, 'role.yaml')));
    expect(error.code).toBe('CONFIG_FILE_UNREADABLE');
    expect(error.message).toMatch(/role\.yaml is a directory, where a file belongs/);
  });
  it('a FIFO where a file belongs is refused, not read (it would block)', () => {
    const error = failure({ 'default.yaml': 'a: 1\n' }, (app) => execFileSync('mkfifo', [join(app, 'machine.yaml')]));
    expect(error.message).toMatch(/machine\.yaml is not a regular file/);
  });
  it('a symlink loop', () => {
    const error = failure({ 'default.yaml': 'a: 1\n' }, (app) => {
      symlinkSync(join(app, 'loop-b'), join(app, 'environment.yaml'));
      symlinkSync(join(app, 'environment.yaml'), join(app, 'loop-b'));
    });
    expect(error.message).toMatch(/environment\.yaml is a symlink loop/);
  });
  it('a dangling symlink is reported, not skipped as absent', () => {
    const error = failure({ 'default.yaml': 'a: 1\n' }, (app) => symlinkSync(join(app, 'nowhere.yaml'), join(app, 'substrate.yaml')));
    expect(error.message).toMatch(/substrate\.yaml does not exist \(a dangling symlink/);
  });
  it('an empty default.yaml is an empty mapping', () => {
    expect(loads({ default: '' }).data).toEqual({});
  });
  it('an empty dimension file has no block for the selector', () => {
    expect(failure({ 'default.yaml': 'a: 1\n', 'environment.yaml': '' }).message).toMatch(/Selector 'dev' for dimension 'environment' not found in .*environment\.yaml\. Available selectors: \(none\)\./);
  });
  it('invalid YAML names the file and line', () => {
    const error = failure({ 'default.yaml': 'a: 1\nb:\n  - x\n - y\n' });
    expect(error.code).toBe('CONFIG_YAML_INVALID');
    expect(error.message).toMatch(/default\.yaml:\d+: /);
  });
  it('a root that is a list', () => {
    expect(failure({ 'default.yaml': '- 1\n' }).message).toMatch(/must contain a mapping at its top level: .*default\.yaml holds a list/);
  });
  it('a root that is a scalar', () => {
    expect(failure({ 'default.yaml': 'just text\n' }).message).toMatch(/default\.yaml holds a string \("just text"\)/);
  });
  it('a selected block that is a list', () => {
    expect(failure({ 'default.yaml': 'a: 1\n', 'role.yaml': 'research: [1, 2]\n' }).message).toMatch(/selector 'research' in .*role\.yaml must be a mapping; it holds a list/);
  });
  it('a selected block that is null', () => {
    expect(failure({ 'default.yaml': 'a: 1\n', 'role.yaml': 'research:\n' }).message).toMatch(/role\.yaml must be a mapping; it holds null/);
  });
  it('duplicate keys', () => {
    expect(failure({ 'default.yaml': 'a:\n  b: 1\n  b: 2\n' }).message).toMatch(/default\.yaml:3: duplicate key/);
  });
  it('duplicate selectors in a dimension file', () => {
    expect(failure({ 'default.yaml': 'a: 1\n', 'environment.yaml': 'dev: {}\ndev: {}\n' }).message).toMatch(/environment\.yaml:2: duplicate key/);
  });
  it('an alias bomb (billion laughs)', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n');
    const error = failure({ 'default.yaml': `${bomb}\n` });
    expect(error.code).toBe('CONFIG_YAML_LIMIT');
    expect(error.message).toMatch(/default\.yaml/);
  });
  it('a 50 MB file is refused before it is read', () => {
    const error = failure({ 'default.yaml': Buffer.alloc(50 * 1024 * 1024, 'a: 1\n') });
    expect(error.code).toBe('CONFIG_YAML_LIMIT');
    expect(error.message).toMatch(/default\.yaml is 50\.0 MiB, over the limit of 4\.0 MiB/);
  });
  it('nesting 10 000 deep, as flow collections', () => {
    const error = failure({ 'default.yaml': `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` });
    expect(error.code).toBe('CONFIG_YAML_LIMIT');
    expect(error.message).toMatch(/YAML in .*default\.yaml nests too deeply to parse \(the limit is 256 levels\)/);
  });
  it('nesting 10 000 deep, as block sequences', () => {
    const error = failure({ 'default.yaml': `a:\n  ${'- '.repeat(10_000)}1\n` });
    expect(error.code).toBe('CONFIG_YAML_LIMIT');
    expect(error.message).toMatch(/default\.yaml/);
  });
  it('nesting 300 deep, past the limit but within the parser, names the line', () => {
    const error = failure({ 'default.yaml': `a: ${'{k: '.repeat(300)}1${'}'.repeat(300)}\n` });
    expect(error.code).toBe('CONFIG_YAML_LIMIT');
    expect(error.message).toMatch(/default\.yaml:1/);
  });
  it('__proto__, constructor and prototype keys stay plain data and touch no prototype', () => {
    const config = loads({ default: '__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\nprototype: {polluted: yes}\nnested: {__proto__: {polluted: yes}}\n' });
    expect(Object.keys(config.data).sort()).toEqual(['__proto__', 'constructor', 'nested', 'prototype']);
    expect(config.get('[__proto__].polluted')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
    expect(Object.getPrototypeOf(config.data)).toBe(Object.prototype);
  });
  it('__proto__ in a merge key and in overrides touches no prototype', () => {
    const { root, cleanup } = tempStore({ default: 'base: &b {__proto__: {polluted: 1}}\nuse: {<<: *b}\n' });
    try {
      const config = loadConfig({ identity: DEMO, storeRoot: root, env: {}, overrides: { '__proto__.polluted': 2, constructor: { prototype: { polluted: 3 } } } });
      expect(config.get('use')).toHaveProperty(['__proto__']);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
    } finally {
      cleanup();
    }
  });
  it('an unknown tag', () => {
    const error = failure({ 'default.yaml': 'a: !!python/object:os.system [id]\n' });
    expect(error.code).toBe('CONFIG_YAML_INVALID');
    expect(error.message).toMatch(/default\.yaml:1: unsupported tag/);
  });
  it('a custom local tag', () => {
    expect(failure({ 'default.yaml': 'a: !secret x\n' }).message).toMatch(/unsupported tag/);
  });
  it('a value its type cannot take: a standard tag on the wrong text, a number with no digits (PyYAML refuses both)', () => {
    expect(failure({ 'default.yaml': 'a: !!int abc\n' }).message).toMatch(/default\.yaml:1: a value its YAML type cannot take \(!!int cannot be applied to "abc": not an int\)/);
    expect(failure({ 'default.yaml': 'a: 1\nb: 0b_\n' }).message).toMatch(/default\.yaml:2: a value its YAML type cannot take \('0b' has no digits\)/);
  });
  it('bytes that are not UTF-8', () => {
    const error = failure({ 'default.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]) });
    expect(error.code).toBe('CONFIG_FILE_UNREADABLE');
    expect(error.message).toMatch(/default\.yaml is not valid UTF-8/);
  });
  it('a merge key with no value (found by the fuzzer: `{<<}`)', () => {
    for (const text of ['{<<}\n', 'a:\n  <<:\n  b: 1\n', 'a: {<<: [1]}\n']) {
      const error = failure({ 'default.yaml': text });
      expect(error.code).toBe('CONFIG_YAML_INVALID');
      expect(error.message).toMatch(/default\.yaml:\d+: a merge key \(<<\) must refer to a mapping or a list of mappings/);
    }
  });
  it('more than one document in a file', () => {
    expect(failure({ 'default.yaml': 'a: 1\n---\nb: 2\n' }).code).toBe('CONFIG_YAML_INVALID');
  });
  it('a non-scalar mapping key', () => {
    expect(failure({ 'default.yaml': '? [a, b]\n: 1\n' }).message).toMatch(/default\.yaml/);
  });
  it('an app name that is not a directory in the store lists the apps that are', () => {
    const { root, cleanup } = tempStore({ 'apps/other/default.yaml': 'a: 1\n' });
    try {
      expect(() => loadConfig({ identity: { ...DEMO, app: 'nothere' }, storeRoot: root, env: {} })).toThrow(/Apps in this store: other\./);
    } finally {
      cleanup();
    }
  });
});
