/**
 * Substrate discovery: what kind of execution environment this process runs in.
 *
 * Order: `MXM_SUBSTRATE`; `kubernetes` (KUBERNETES_SERVICE_HOST or the service-account mount);
 * `docker` (/.dockerenv); `podman` (/run/.containerenv); `container` (container evidence in
 * /proc/1/cgroup or /proc/self/mountinfo); else `local-process`. Every answer names its evidence.
 */
import { discovered, type Discovered } from './evidence.js';
import { probeExists, probeRead, resolveProbes, type DiscoveryProbes } from './probes.js';

/** The substrates discovery can report; `MXM_SUBSTRATE` may name any other. */
export const KNOWN_SUBSTRATES = ['local-process', 'docker', 'podman', 'kubernetes', 'container'] as const;

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
const CGROUP_MARKERS = /\b(docker|kubepods|containerd|libpod|lxc|crio)\b/;
const MOUNTINFO_MARKERS = /\/(docker|containerd|containers)\/|\bkubelet\b/;

/** Discovers the substrate with the evidence that decided it. Never throws. */
export function discoverSubstrateWithEvidence(probes: Partial<DiscoveryProbes> = {}): Discovered {
  const p = resolveProbes(probes);
  const fromEnv = p.env['MXM_SUBSTRATE'];
  if (fromEnv !== undefined && fromEnv !== '') return discovered(fromEnv, 'environment', `MXM_SUBSTRATE=${fromEnv}`);
  const k8sHost = p.env['KUBERNETES_SERVICE_HOST'];
  if (k8sHost !== undefined && k8sHost !== '') {
    return discovered('kubernetes', 'environment', `KUBERNETES_SERVICE_HOST is set`);
  }
  if (probeExists(p, SERVICE_ACCOUNT)) return discovered('kubernetes', 'file', `${SERVICE_ACCOUNT} exists`);
  if (probeExists(p, '/.dockerenv')) return discovered('docker', 'file', '/.dockerenv exists');
  if (probeExists(p, '/run/.containerenv')) return discovered('podman', 'file', '/run/.containerenv exists');
  const cgroup = probeRead(p, '/proc/1/cgroup');
  const cgroupMatch = cgroup === undefined ? null : CGROUP_MARKERS.exec(cgroup);
  if (cgroupMatch !== null) return discovered('container', 'file', `/proc/1/cgroup mentions '${cgroupMatch[1]}'`);
  const mountinfo = probeRead(p, '/proc/self/mountinfo');
  const mountMatch = mountinfo === undefined ? null : MOUNTINFO_MARKERS.exec(mountinfo);
  if (mountMatch !== null) return discovered('container', 'file', `/proc/self/mountinfo mentions '${mountMatch[0]}'`);
  return discovered('local-process', 'default', 'no container evidence found');
}

/** Discovers the substrate name; see {@link discoverSubstrateWithEvidence}. Never throws. */
export function discoverSubstrate(probes: Partial<DiscoveryProbes> = {}): string {
  return discoverSubstrateWithEvidence(probes).value;
}

/** Whether a substrate name means the process runs in a container. */
export function isContainerSubstrate(substrate: string): boolean {
  return substrate !== 'local-process';
}
