/**
 * Reliability catalogue — interpolation: cycles, missing keys, unknown resolvers, bad `oc.env`,
 * runaway nesting. Each is a typed ConfigError naming the key path, its file and the chain.
 */
import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../src/index.js';
import { errorOf, loadLayers } from '../helpers/config.js';

const fails = (layers: Record<string, string>) => {
  const error = errorOf<ConfigError>(() => loadLayers(layers));
  expect(error).toBeInstanceOf(ConfigError);
  return error;
};

describe('reliability: interpolation', () => {
  it('a direct cycle', () => {
    const error = fails({ default: 'a: ${a}\n' });
    expect(error.code).toBe('CONFIG_INTERPOLATION_CYCLE');
    expect(error.message).toBe("Interpolation cycle at 'a' (from default apps/demo/default.yaml:1): a → a.");
  });
  it('a cycle through several keys names the chain', () => {
    const error = fails({ default: 'a: ${b}\nb: x-${c}\nc: ${a}\n' });
    expect(error.code).toBe('CONFIG_INTERPOLATION_CYCLE');
    expect(error.message).toMatch(/a → b → c → a\./);
  });
  it('a cycle across layers names the files', () => {
    const error = fails({ default: 'a: ${b}\nb: 1\n', role: 'research:\n  b: ${a}\n' });
    expect(error.code).toBe('CONFIG_INTERPOLATION_CYCLE');
    expect(error.message).toMatch(/apps\/demo\/(default|role)\.yaml/);
    expect(error.message).toMatch(/a → b → a|b → a → b/);
  });
  it('a cycle through a mapping reference', () => {
    expect(fails({ default: 'a:\n  inner: ${a}\n' }).code).toBe('CONFIG_INTERPOLATION_CYCLE');
  });
  it('a missing key names what exists where the walk stopped', () => {
    const error = fails({ default: 'db: {host: h}\nurl: ${db.port}\n' });
    expect(error.code).toBe('CONFIG_INTERPOLATION_MISSING_KEY');
    expect(error.message).toBe("Interpolation '${db.port}' at 'url' (from default apps/demo/default.yaml:2) refers to 'db.port', which does not exist: no 'port' at 'db'. Available there: host.");
  });
  it('a relative reference that climbs above the top', () => {
    expect(fails({ default: 'a: ${...x}\n' }).message).toMatch(/climbs above the top level/);
  });
  it('a reference to an unset mandatory value', () => {
    expect(fails({ default: "token: '???'\nuse: ${token}\n" }).message).toMatch(/a mandatory value \(\?\?\?\) that no layer sets/);
  });
  it('an unknown resolver lists the known ones', () => {
    const error = fails({ default: 'a: ${vault:secret/x}\n' });
    expect(error.code).toBe('CONFIG_INTERPOLATION_INVALID');
    expect(error.message).toMatch(/Unknown resolver 'vault' .* Available resolvers: .*oc\.env/);
  });
  it('${oc.env:} with no name', () => {
    const error = fails({ default: 'a: ${oc.env:}\n' });
    expect(error.message).toMatch(/oc\.env/);
    expect(error.message).toMatch(/default\.yaml:1/);
  });
  it('${oc.env:VAR} for an unset variable without a default', () => {
    const error = fails({ default: 'a: ${oc.env:MXM_SURELY_UNSET_VARIABLE}\n' });
    expect(error.code).toBe('CONFIG_INTERPOLATION_MISSING_ENV');
    expect(error.message).toMatch(/MXM_SURELY_UNSET_VARIABLE/);
  });
  it('an unclosed ${', () => {
    const error = fails({ default: 'a: "x ${b"\n' });
    expect(error.code).toBe('CONFIG_INTERPOLATION_INVALID');
    expect(error.message).toMatch(/'a'.*default\.yaml:1.*not closed/);
  });
  it('an empty ${}', () => {
    expect(fails({ default: 'a: "${}"\n' }).message).toMatch(/empty interpolation/);
  });
  it('runaway nesting: a chain of 500 references', () => {
    const chain = Array.from({ length: 500 }, (_, i) => `k${i}: \${k${i + 1}}`).join('\n');
    const error = fails({ default: `${chain}\nk500: end\n` });
    expect(error.code).toBe('CONFIG_LIMIT_EXCEEDED');
    expect(error.message).toMatch(/\(runaway nesting\) exceeds the limit maxReferenceDepth = 128/);
  });
  it('runaway nesting inside one value', () => {
    const error = fails({ default: `a: "${'${'.repeat(2000)}x${'}'.repeat(2000)}"\n` });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/default\.yaml/);
  });
  it('a key built by a nested interpolation that points nowhere', () => {
    expect(fails({ default: 'which: nope\nv: ${opts.${which}}\nopts: {yes: 1}\n' }).code).toBe('CONFIG_INTERPOLATION_MISSING_KEY');
  });
});
