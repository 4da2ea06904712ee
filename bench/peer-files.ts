/**
 * The same layers as an mxm store, written the way the peers want them: one plain file per layer,
 * named in node-config's load order — default, {deployment}, {host}, {host}-{deployment}, local —
 * so node-config (NODE_CONFIG_ENV=prod, host bridge) and convict (loading them in turn) read the
 * very blocks mxm-runtime merges.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { readStoreLayers } from '../src/config/store.js';
import type { RuntimeIdentity } from '../src/identity/runtime-identity.js';

/** node-config's settings that select the five files written by {@link writePeerFiles}. */
export const PEER_DEPLOYMENT = 'prod';
export const PEER_HOST = 'bridge';
const NAMES = ['default', PEER_DEPLOYMENT, PEER_HOST, `${PEER_HOST}-${PEER_DEPLOYMENT}`, 'local'];

/** Files the peers read, in merge order; every layer of the store has one (empty when absent). */
export interface PeerFiles {
  readonly dir: string;
  readonly files: readonly string[];
}

/** Writes the store's five layers for `identity` as plain YAML files under `dir`. */
export function writePeerFiles(storeRoot: string, identity: RuntimeIdentity, dir: string): PeerFiles {
  mkdirSync(dir, { recursive: true });
  const { layers } = readStoreLayers(identity, storeRoot);
  const files = NAMES.map((name, i) => {
    const file = join(dir, `${name}.yaml`);
    const layer = layers.find((l) => l.layer === ['default', 'environment', 'machine', 'substrate', 'role'][i]);
    writeFileSync(file, layer === undefined ? '{}\n' : stringify(layer.data));
    return file;
  });
  return { dir, files };
}
