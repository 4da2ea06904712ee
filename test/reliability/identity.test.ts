/**
 * Reliability catalogue — identity: malformed fields, flags and MXM_* variables that disagree,
 * attestation mismatches, and a host name discovery cannot use.
 */
import { describe, expect, it } from '@jest/globals';
import { attestRuntimeIdentity, resolveRuntimeIdentity, RuntimeIdentityAttestationError, RuntimeIdentityError, validateRuntimeIdentityShape } from '../../src/index.js';
import { errorOf } from '../helpers/config.js';
import { tempDir } from '../helpers/temp-store.js';

const VALID = { app: 'demo', environment: 'dev', machine: 'bridge', substrate: 'local-process', role: 'research' };
const probes = (env: Record<string, string> = {}, hostname = 'bridge') => ({ env, root: '/nonexistent-root', hostname: () => hostname });

function identityError(fields: Record<string, unknown>): RuntimeIdentityError {
  const error = errorOf<RuntimeIdentityError>(() => validateRuntimeIdentityShape({ ...VALID, ...fields }));
  expect(error).toBeInstanceOf(RuntimeIdentityError);
  expect(error.code).toBe('IDENTITY_INVALID');
  return error;
}

describe('reliability: identity', () => {
  it('an empty field', () => {
    expect(identityError({ environment: '' }).message).toMatch(/environment: must not be empty/);
  });
  it('a whitespace-only field', () => {
    expect(identityError({ role: '   ' }).message).toMatch(/role: must not be only whitespace/);
  });
  it('surrounding whitespace', () => {
    expect(identityError({ app: ' demo' }).message).toMatch(/app: must not have surrounding whitespace: " demo"/);
  });
  it("a '/' in a field (it would escape the store layout)", () => {
    expect(identityError({ app: '../etc' }).message).toMatch(/app: must not contain '\/'/);
  });
  it("'..' as a field", () => {
    expect(identityError({ app: '..' }).message).toMatch(/app: must not be '\.\.'/);
  });
  it('control characters, shown escaped', () => {
    expect(identityError({ machine: 'host\nrole: admin' }).message).toMatch(/machine: must not contain control characters: "host\\nrole: admin"/);
  });
  it('a field that is not a string', () => {
    expect(identityError({ substrate: 42 }).message).toMatch(/substrate: must be a string, got number/);
  });
  it('every bad field at once', () => {
    expect(identityError({ app: '', role: 'a/b', machine: '\u0007' }).problems.map((p) => p.path)).toEqual(['app', 'machine', 'role']);
  });
  it('fields given nowhere name their variables', () => {
    const error = errorOf<RuntimeIdentityError>(() => resolveRuntimeIdentity({}, { probes: probes() }));
    expect(error.message).toMatch(/app: not given; pass it or set MXM_APP/);
    expect(error.message).toMatch(/role: not given; pass it or set MXM_ROLE/);
  });
  it('a malformed MXM_* variable is rejected like a flag', () => {
    expect(() => resolveRuntimeIdentity({ app: 'demo', environment: 'dev' }, { probes: probes({ MXM_ROLE: 'ops/admin' }) })).toThrow(/role: must not contain '\/'/);
  });
  it('a flag and an MXM_* variable that disagree: the flag wins and the evidence says so', () => {
    const { identity, evidence } = resolveRuntimeIdentity({ app: 'demo', environment: 'dev', role: 'research' }, { probes: probes({ MXM_ENVIRONMENT: 'prod' }) });
    expect(identity.environment).toBe('dev');
    expect(evidence.environment).toMatchObject({ source: 'argument', evidence: 'given as environment (overrides MXM_ENVIRONMENT=prod)' });
  });
  it('MXM_MACHINE and MXM_SUBSTRATE claims that the host contradicts fail attestation, listing both', () => {
    const docker = tempDir({ '.dockerenv': '' });
    try {
      const claimed = resolveRuntimeIdentity({ app: 'demo', environment: 'dev', role: 'research' }, { probes: { ...probes({ MXM_MACHINE: 'wildling', MXM_SUBSTRATE: 'kubernetes' }), root: docker.root } }).identity;
      const error = errorOf<RuntimeIdentityAttestationError>(() => attestRuntimeIdentity(claimed, { probes: { ...probes({ MXM_MACHINE: 'wildling', MXM_SUBSTRATE: 'kubernetes' }), root: docker.root } }));
      expect(error).toBeInstanceOf(RuntimeIdentityAttestationError);
      expect(error.mismatches.map((m) => [m.field, m.claimed, m.discovered])).toEqual([
        ['machine', 'wildling', 'bridge'],
        ['substrate', 'kubernetes', 'docker'],
      ]);
    } finally {
      docker.cleanup();
    }
  });
  it('a host name with characters an identity cannot hold is reported, not used', () => {
    const error = errorOf<RuntimeIdentityError>(() => resolveRuntimeIdentity({ app: 'demo', environment: 'dev', role: 'research' }, { probes: probes({}, 'bad/host') }));
    expect(error).toBeInstanceOf(RuntimeIdentityError);
    expect(error.message).toMatch(/machine/);
  });
  it('a frozen identity cannot be changed', () => {
    const { identity } = resolveRuntimeIdentity({ ...VALID }, { probes: probes() });
    expect(() => {
      (identity as { role: string }).role = 'execution';
    }).toThrow(TypeError);
  });
});
