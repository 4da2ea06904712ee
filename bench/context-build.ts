/**
 * Benchmark 1 (and the data for 5): building a context on one store, against the floor — reading
 * and YAML-parsing the same files, nothing else — and against node-config and convict loading
 * the same layers.
 */
import { readFileSync } from 'node:fs';
import convict from 'convict';
import { Util as NodeConfig } from 'config/lib/util.js';
import { parse } from 'yaml';
import { buildRuntimeContext, loadConfig, type RuntimeContext, type RuntimeIdentity, type RuntimeModule } from '../src/index.js';
import type { RuntimeIdentityInput } from '../src/identity/build.js';
import { measure, type Budget, type Measured } from './measure.js';
import { PEER_DEPLOYMENT, PEER_HOST, type PeerFiles } from './peer-files.js';

convict.addParser({ extension: ['yaml', 'yml'], parse: (text: string) => parse(text) as object });

/** One store to build a context on. */
export interface StoreCase {
  readonly label: string;
  /** Leaf keys of a generated store; undefined for the example store. */
  readonly leafKeys?: number | undefined;
  readonly storeRoot: string;
  readonly identity: RuntimeIdentityInput;
  /** The identity the build resolves to (for loading the config alone). */
  readonly resolved: RuntimeIdentity;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly modules?: readonly RuntimeModule[] | undefined;
  /** Every file the build reads (layers, and machines.yaml when the machine is discovered). */
  readonly files: readonly string[];
  readonly peers: PeerFiles;
}

/** Medians of each contender on one store. */
export interface ContextBuildResult {
  readonly store: StoreCase;
  readonly floor: Measured;
  readonly context: Measured;
  readonly config: Measured;
  readonly nodeConfig: Measured;
  readonly convict: Measured;
}

/** Measures the floor, mxm-runtime (context and config alone) and the two peers on one store. */
export async function benchContextBuild(store: StoreCase, budget: Budget): Promise<ContextBuildResult> {
  let built: RuntimeContext | undefined;
  const results = await measure(
    {
      floor: () => store.files.map((file) => parse(readFileSync(file, 'utf8'))),
      context: {
        fn: async () => {
          built = await buildRuntimeContext({ identity: store.identity, storeRoot: store.storeRoot, env: store.env, modules: store.modules });
        },
        afterEach: () => built?.dispose(),
      },
      config: () => loadConfig({ identity: store.resolved, storeRoot: store.storeRoot, env: store.env }),
      nodeConfig: () => NodeConfig.loadFileConfigs({ configDir: store.peers.dir, nodeEnv: [PEER_DEPLOYMENT], hostName: PEER_HOST }).config,
      convict: () => convict({}).loadFile([...store.peers.files]).getProperties(),
    },
    budget,
  );
  return { store, floor: results['floor'] as Measured, context: results['context'] as Measured, config: results['config'] as Measured, nodeConfig: results['nodeConfig'] as Measured, convict: results['convict'] as Measured };
}
