import { describe, expect, it } from '@jest/globals';
import {
  attestRuntimeIdentity,
  buildRuntimeIdentity,
  identityKey,
  resolveRuntimeIdentity,
  RuntimeIdentityAttestationError,
  RuntimeIdentityError,
  validateRuntimeIdentityShape,
} from '../../src/index.js';
import { tempDir } from '../helpers/temp-store.js';

const probes = (env: Record<string, string> = {}, host = 'Bridge.local') => ({ env, root: '/nonexistent-root', hostname: () => host });

describe('buildRuntimeIdentity', () => {
  it('discovers machine and substrate when they are not given', () => {
    const id = buildRuntimeIdentity({ app: 'a', environment: 'dev', role: 'r' }, { probes: probes() });
    expect(id).toEqual({ app: 'a', environment: 'dev', machine: 'bridge', substrate: 'local-process', role: 'r' });
  });

  it('fills missing fields from MXM_* variables', () => {
    const id = buildRuntimeIdentity({}, { probes: probes({ MXM_APP: 'a', MXM_ENVIRONMENT: 'prod', MXM_ROLE: 'ops', MXM_MACHINE: 'm1', MXM_SUBSTRATE: 'podman' }) });
    expect(id).toEqual({ app: 'a', environment: 'prod', machine: 'm1', substrate: 'podman', role: 'ops' });
  });

  it('lets explicit arguments win over MXM_* variables', () => {
    const { identity, evidence } = resolveRuntimeIdentity({ app: 'a', environment: 'dev', role: 'r', machine: 'given' }, { probes: probes({ MXM_ENVIRONMENT: 'prod', MXM_MACHINE: 'env' }) });
    expect(identity.environment).toBe('dev');
    expect(identity.machine).toBe('given');
    expect(evidence.machine.source).toBe('argument');
  });

  it('returns a frozen identity', () => {
    const id = buildRuntimeIdentity({ app: 'a', environment: 'dev', role: 'r' }, { probes: probes() });
    expect(Object.isFrozen(id)).toBe(true);
    expect(() => {
      (id as { app: string }).app = 'x';
    }).toThrow(TypeError);
  });

  it('names every field that is given nowhere', () => {
    expect(() => buildRuntimeIdentity({ app: 'a' }, { probes: probes() })).toThrow(/environment: not given; pass it or set MXM_ENVIRONMENT\n {2}- role: not given/);
  });
});

describe('identityKey', () => {
  it('joins the fields as app/environment/machine/substrate/role', () => {
    expect(identityKey({ app: 'a', environment: 'e', machine: 'm', substrate: 's', role: 'r' })).toBe('a/e/m/s/r');
  });
});

describe('validateRuntimeIdentityShape', () => {
  const good = { app: 'a', environment: 'e', machine: 'm', substrate: 's', role: 'r' };
  it.each([
    ['empty', '', 'must not be empty'],
    ['whitespace only', '   ', 'must not be only whitespace'],
    ['surrounding whitespace', ' dev', 'surrounding whitespace'],
    ['a slash', 'a/b', "must not contain '/'"],
    ['a control character', 'de\u0007v', 'control characters'],
    ['a dot-dot', '..', "must not be '..'"],
  ])('rejects %s', (_label, value, message) => {
    expect(() => validateRuntimeIdentityShape({ ...good, environment: value })).toThrow(message);
  });

  it('lists every bad field in one error with code IDENTITY_INVALID', () => {
    let caught: unknown;
    try {
      validateRuntimeIdentityShape({ ...good, app: '', role: 'a/b' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RuntimeIdentityError);
    expect((caught as RuntimeIdentityError).code).toBe('IDENTITY_INVALID');
    expect((caught as RuntimeIdentityError).problems.map((p) => p.path)).toEqual(['app', 'role']);
  });
});

describe('attestRuntimeIdentity', () => {
  it('passes when machine and substrate match discovery', () => {
    const facts = attestRuntimeIdentity({ app: 'a', environment: 'e', machine: 'bridge', substrate: 'local-process', role: 'r' }, { probes: probes() });
    expect(facts.machine.value).toBe('bridge');
  });

  it('lists each mismatch, claimed against discovered', () => {
    const { root, cleanup } = tempDir({ '.dockerenv': '' });
    try {
      expect(() => attestRuntimeIdentity({ app: 'a', environment: 'e', machine: 'wildling', substrate: 'local-process', role: 'r' }, { probes: { env: {}, root, hostname: () => 'bridge' } })).toThrow(
        RuntimeIdentityAttestationError,
      );
      try {
        attestRuntimeIdentity({ app: 'a', environment: 'e', machine: 'wildling', substrate: 'local-process', role: 'r' }, { probes: { env: {}, root, hostname: () => 'bridge' } });
      } catch (error) {
        const e = error as RuntimeIdentityAttestationError;
        expect(e.mismatches).toEqual([
          { field: 'machine', claimed: 'wildling', discovered: 'bridge', evidence: "host name 'bridge'" },
          { field: 'substrate', claimed: 'local-process', discovered: 'docker', evidence: '/.dockerenv exists' },
        ]);
      }
    } finally {
      cleanup();
    }
  });

  it('does not let MXM_MACHINE vouch for itself', () => {
    expect(() =>
      attestRuntimeIdentity({ app: 'a', environment: 'e', machine: 'claimed', substrate: 'local-process', role: 'r' }, { probes: probes({ MXM_MACHINE: 'claimed' }) }),
    ).toThrow(/machine: claimed 'claimed', discovered 'bridge'/);
  });
});
