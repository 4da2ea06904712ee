import { describe, expect, it } from '@jest/globals';
import { discoverMachineWithEvidence, discoverSubstrateWithEvidence, unqualifiedHostname } from '../../src/index.js';
import { tempDir } from '../helpers/temp-store.js';

function substrateWith(files: Record<string, string>, env: Record<string, string> = {}) {
  const { root, cleanup } = tempDir(files);
  try {
    return discoverSubstrateWithEvidence({ root, env });
  } finally {
    cleanup();
  }
}

describe('discoverSubstrate', () => {
  it('honours MXM_SUBSTRATE and names the variable', () => {
    expect(substrateWith({ '.dockerenv': '' }, { MXM_SUBSTRATE: 'kubernetes' })).toEqual({ value: 'kubernetes', source: 'environment', evidence: 'MXM_SUBSTRATE=kubernetes' });
  });
  it('reports kubernetes from KUBERNETES_SERVICE_HOST', () => {
    expect(substrateWith({}, { KUBERNETES_SERVICE_HOST: '10.0.0.1' }).value).toBe('kubernetes');
  });
  it('reports kubernetes from the service-account mount', () => {
    const found = substrateWith({ 'var/run/secrets/kubernetes.io/serviceaccount/token': 't' });
    expect(found).toMatchObject({ value: 'kubernetes', evidence: '/var/run/secrets/kubernetes.io/serviceaccount exists' });
  });
  it('reports docker from /.dockerenv', () => {
    expect(substrateWith({ '.dockerenv': '' })).toEqual({ value: 'docker', source: 'file', evidence: '/.dockerenv exists' });
  });
  it('reports podman from /run/.containerenv', () => {
    expect(substrateWith({ 'run/.containerenv': '' }).value).toBe('podman');
  });
  it('reports container from cgroup evidence', () => {
    expect(substrateWith({ 'proc/1/cgroup': '0::/system.slice/containerd.service\n' })).toMatchObject({ value: 'container', evidence: "/proc/1/cgroup mentions 'containerd'" });
  });
  it('reports container from mountinfo evidence', () => {
    expect(substrateWith({ 'proc/1/cgroup': '0::/\n', 'proc/self/mountinfo': '1 0 0:1 / / rw - overlay overlay rw,upperdir=/var/lib/docker/overlay2/x\n' }).value).toBe('container');
  });
  it('falls back to local-process when nothing points at a container', () => {
    expect(substrateWith({ 'proc/1/cgroup': '0::/init.scope\n' })).toEqual({ value: 'local-process', source: 'default', evidence: 'no container evidence found' });
  });
  it('says docker on these machines, which have /.dockerenv', () => {
    expect(discoverSubstrateWithEvidence({ env: {} }).value).toBe('docker');
  });
});

describe('discoverMachine', () => {
  it('uses the unqualified, lower-cased host name', () => {
    expect(unqualifiedHostname('Bridge.local')).toBe('bridge');
    expect(discoverMachineWithEvidence({ probes: { env: {}, hostname: () => 'Bridge.local' } }).value).toBe('bridge');
  });
  it('lets MXM_MACHINE override the host name', () => {
    expect(discoverMachineWithEvidence({ probes: { env: { MXM_MACHINE: 'wildling' }, hostname: () => 'bridge' } })).toMatchObject({ value: 'wildling', source: 'environment' });
  });
  it('maps host names through machines.yaml: exact names before globs, globs in file order', () => {
    const { root, cleanup } = tempDir({ 'machines.yaml': '"ci-*": ci\nci-special: special\n"*": workstation\n' });
    try {
      const machine = (host: string) => discoverMachineWithEvidence({ storeRoot: root, probes: { env: {}, hostname: () => host } });
      expect(machine('ci-special').value).toBe('special');
      expect(machine('ci-runner-42')).toMatchObject({ value: 'ci', source: 'alias' });
      expect(machine('3f2a9c1b').value).toBe('workstation');
    } finally {
      cleanup();
    }
  });
  it('rejects a machines.yaml that is not a mapping of strings', () => {
    const { root, cleanup } = tempDir({ 'machines.yaml': 'bridge: [1, 2]\n' });
    try {
      expect(() => discoverMachineWithEvidence({ storeRoot: root, probes: { env: {}, hostname: () => 'x' } })).toThrow(/machines.yaml: the machine for 'bridge' must be a non-empty string/);
    } finally {
      cleanup();
    }
  });
});
