/**
 * Reliability catalogue — fuzzing. fast-check properties over bounded inputs through YAML →
 * merge → interpolation → freeze, and through every parser of user input: only the library's
 * own error types are ever thrown, nothing hangs, and resolution is idempotent.
 */
import { describe, expect, it } from '@jest/globals';
import fc from '../helpers/fast-check.js';
import { stringify } from 'yaml';
import { deepFreeze } from '../../src/config/freeze.js';
import { resolveInterpolations } from '../../src/config/interpolation.js';
import { parseKeyPath } from '../../src/config/key-path.js';
import { mergeLayers } from '../../src/config/merge.js';
import { parseYaml } from '../../src/config/yaml-reader.js';
import { secretPathProblem } from '../../src/secrets/names.js';
import { configFromData, loadConfig, MxmError, parseAssignments, SecretsApi, MemorySecretBackend, validateRuntimeIdentityShape } from '../../src/index.js';
import { DEMO, tempStore } from '../helpers/temp-store.js';

/** Runs `fn`; anything it throws must be one of the library's typed errors. */
function onlyOwnErrors<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof MxmError)) throw new Error(`a foreign error escaped: ${String(error)}`, { cause: error });
    expect(typeof error.code).toBe('string');
    return undefined;
  }
}

const yamlChars = fc.constantFrom(...'ab:-[]{}&*!|>\'"#%@`,? \n\t$\\.01<~'.split(''), '${', '${a}', '<<: ', '!!str ', '&x ', '*x', '\n  ', '__proto__');
const yamlText = fc.string({ unit: yamlChars, maxLength: 80 });
const interpChars = fc.constantFrom('${', '}', 'a', 'b', '.', '..', ':', ',', "'", '"', ' ', 'oc.env', 'oc.select', 'oc.decode', '\\', 'x_1', '[', ']', '0');
const interpText = fc.string({ unit: interpChars, maxLength: 24 });

/** Text → merge with a second layer → interpolate → freeze, as a store load does. */
function pipeline(texts: readonly string[]): Record<string, unknown> {
  const layers = texts.map((text, i) => {
    const { data } = parseYaml(text, `layer-${i}.yaml`);
    return { data: data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : { value: data }, origin: { layer: 'default' as const, file: `layer-${i}.yaml` } };
  });
  const { data, provenance } = mergeLayers(layers);
  resolveInterpolations(data, { env: (name) => (name === 'HOME' ? '/home/x' : undefined), provenance });
  return deepFreeze(data);
}

describe('reliability: fuzzing (fast-check)', () => {
  it('arbitrary YAML text through the whole pipeline throws only typed errors', () => {
    fc.assert(
      fc.property(fc.array(yamlText, { minLength: 1, maxLength: 3 }), (texts) => {
        onlyOwnErrors(() => pipeline(texts));
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary interpolation strings throw only typed errors, and a result resolves to itself', () => {
    const tree = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(interpText, fc.integer(), fc.dictionary(fc.constantFrom('a', 'b', 'x_1'), interpText, { maxKeys: 3 })), { maxKeys: 3 });
    fc.assert(
      fc.property(tree, (data) => {
        const resolved = onlyOwnErrors(() => configFromData(data, { env: {} }));
        if (resolved === undefined) return;
        // Resolved strings may legitimately hold a literal `${` (from `\${`): idempotence holds for the rest.
        if (JSON.stringify(resolved.data).includes('${')) return;
        expect(configFromData(resolved.data, { env: {} }).data).toEqual(resolved.data);
      }),
      { numRuns: 2000 },
    );
  });

  it('generated stores load or fail with typed errors; a loaded one re-loads to the same fingerprint', () => {
    const value = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), interpText, fc.array(fc.integer(), { maxLength: 2 }));
    const block = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.oneof(value, fc.dictionary(fc.constantFrom('a', 'b'), value, { maxKeys: 2 })), { maxKeys: 4 });
    fc.assert(
      fc.property(block, block, (defaults, role) => {
        const { root, cleanup } = tempStore({ default: stringify(defaults), role: stringify({ [DEMO.role]: role }) });
        try {
          const first = onlyOwnErrors(() => loadConfig({ identity: DEMO, storeRoot: root, env: {} }));
          if (first !== undefined) expect(loadConfig({ identity: DEMO, storeRoot: root, env: {} }).fingerprint).toBe(first.fingerprint);
        } finally {
          cleanup();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('generated fan-outs, doubling chains and deep ${ nesting end in a result or a limit error, and a result stays within the budget', () => {
    const BUDGET = 200_000;
    const shape = fc.record({
      kind: fc.constantFrom('list', 'mapping', 'string'),
      width: fc.integer({ min: 1, max: 12 }),
      levels: fc.integer({ min: 1, max: 9 }),
      seed: fc.string({ maxLength: 40 }),
      nesting: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(shape, ({ kind, width, levels, seed, nesting }) => {
        const data: Record<string, unknown> = { l0: seed.replaceAll('$', '_').replaceAll('\\', '_') };
        for (let i = 1; i <= levels; i += 1) {
          const ref = `\${l${i - 1}}`;
          data[`l${i}`] = kind === 'list' ? Array(width).fill(ref) : kind === 'mapping' ? Object.fromEntries(Array.from({ length: width }, (_, j) => [`k${j}`, ref])) : ref.repeat(width);
        }
        data['deep'] = `${'${l0'.repeat(nesting)}${'}'.repeat(nesting)}`;
        try {
          const config = configFromData(data, { env: {}, limits: { maxInterpolationOutput: BUDGET } });
          // Each copied value costs at least one unit, so a result holds no more than the budget allows.
          expect(JSON.stringify(config.data).length).toBeLessThan(BUDGET * 4);
        } catch (error) {
          expect(error).toBeInstanceOf(MxmError);
          expect(['CONFIG_LIMIT_EXCEEDED', 'CONFIG_INTERPOLATION_MISSING_KEY', 'CONFIG_INTERPOLATION_INVALID']).toContain((error as MxmError).code);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('--set assignments and key paths throw only typed errors', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '.', '=', '[', ']', '0', ' ', '{', '}', ':', '-', '"'), maxLength: 20 }), (text) => {
        onlyOwnErrors(() => parseAssignments([text]));
        onlyOwnErrors(() => parseKeyPath(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('identity fields of any text are accepted or refused with a typed error, never thrown raw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.constantFrom('app', 'environment', 'machine', 'substrate', 'role'), (text, field) => {
        onlyOwnErrors(() => validateRuntimeIdentityShape({ ...DEMO, [field]: text }));
      }),
      { numRuns: 2000 },
    );
  });

  it('an accepted secret path never climbs, starts with -, or hides a control character', () => {
    const segment = fc.string({ unit: fc.constantFrom('a', '.', '-', '/', '\\', '%', '2', 'e', '\u0000', '\n', ' ', '$'), maxLength: 10 });
    fc.assert(
      fc.property(segment, (path) => {
        if (secretPathProblem(path) !== undefined) return;
        const segments = path.split('/');
        expect(segments.some((s) => s === '..' || s === '.' || s === '' || s.startsWith('-'))).toBe(false);
        // eslint-disable-next-line no-control-regex
        expect(/[\u0000-\u001f\\]|%2e/i.test(path)).toBe(false);
        expect(path.startsWith('/')).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('secrets sections of any shape are accepted or refused with a typed error', () => {
    const anyValue = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null), fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }));
    const entry = fc.dictionary(fc.constantFrom('backend', 'root', 'store', 'path', 'policy', 'allowed_principals', 'cache_ttl_seconds', 'timeout_ms'), anyValue, { maxKeys: 4 });
    const section = fc.dictionary(fc.constantFrom('stores', 'refs', 'policies', 'extra'), fc.oneof(anyValue, fc.dictionary(fc.constantFrom('a', 'b', 'B', '1x', 'memory'), fc.oneof(entry, anyValue), { maxKeys: 3 })), { maxKeys: 4 });
    fc.assert(
      fc.property(section, (data) => {
        onlyOwnErrors(() => SecretsApi.fromConfigData(data, { backends: [new MemorySecretBackend()], identity: DEMO }));
      }),
      { numRuns: 2000 },
    );
  });
});
