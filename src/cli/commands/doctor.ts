/**
 * `mxm-runtime doctor`: every check, as a pass/fail list with the reason for each failure; exit 1
 * if any fails. Checks run independently: one failing does not hide the others. Live services
 * (database pools) are checked by the checks their providers bind (connect and `SELECT 1`).
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { resolveConfig } from '../../config/load-config.js';
import { describeOrigin } from '../../config/provenance.js';
import type { Explanation } from '../../config/resolved-config.js';
import { defaultStoreRoot } from '../../config/store.js';
import { escapeControlCharacters } from '../../errors/mxm-error.js';
import { PATHS } from '../../container/tokens.js';
import { runServiceChecks } from '../service-checks.js';
import { attestRuntimeIdentity } from '../../identity/attest.js';
import { resolveRuntimeIdentity } from '../../identity/build.js';
import type { RuntimeIdentity } from '../../identity/runtime-identity.js';
import { contextFromOptions } from '../build-context.js';
import { identityInput, type CommonOptions } from '../identity-options.js';
import { printJson, printLines, status } from '../output.js';

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  /** Passed, but looks like a mistake: printed as `warn`, does not change the exit code. */
  readonly warning?: true;
}

/** Layers expected to define who may read what; a policy set anywhere else is worth a second look. */
const POLICY_LAYERS: ReadonlySet<string> = new Set(['default', 'environment', 'schema']);

/** Policy values set by a layer other than default or environment (a machine, substrate or role file, or an override). */
function policyChanges(explanation: Explanation): string[] {
  if (explanation.leaves !== undefined) return explanation.leaves.flatMap(policyChanges);
  if (explanation.layer === undefined || POLICY_LAYERS.has(explanation.layer)) return [];
  return [`${explanation.path} is set by ${describeOrigin(explanation)}`];
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function writable(dir: string): Promise<string | undefined> {
  try {
    if (!(await stat(dir)).isDirectory()) return 'not a directory';
    await access(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'not writable';
  }
}

export default async function doctor(options: CommonOptions): Promise<void> {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string): void => {
    checks.push({ name, ok, detail });
  };
  const storeRoot = options.storeRoot ?? defaultStoreRoot();
  let identity: RuntimeIdentity | undefined;
  try {
    identity = resolveRuntimeIdentity(identityInput(options), { storeRoot }).identity;
    add('identity', true, `${identity.app}/${identity.environment}/${identity.machine}/${identity.substrate}/${identity.role}`);
  } catch (error) {
    add('identity', false, message(error));
  }
  if (identity !== undefined) {
    try {
      // Its values are hidden from the output once the context is built, by the rules of every module (nameKeys included).
      const { config, problems } = resolveConfig({ identity, storeRoot, envFile: options.envFile });
      add('store', true, storeRoot);
      for (const layer of config.plan) add(`layer ${layer.layer}`, true, `${layer.status} ${layer.file ?? ''}${layer.selector === undefined ? '' : ` [${layer.selector}]`}`);
      add('config values', problems.length === 0, problems.length === 0 ? 'no unset ??? values' : problems.map((p) => `${p.path}: ${p.message}`).join('; '));
      if (config.has('mxm_secrets.policies')) {
        const changes = policyChanges(config.explain('mxm_secrets.policies'));
        if (changes.length === 0) add('secret policies', true, 'set only by the default and environment layers');
        else checks.push({ name: 'secret policies', ok: true, warning: true, detail: `${changes.join('; ')}. Policies decide which role reads which secret: is that layer meant to change them?` });
      }
    } catch (error) {
      add('store and layers', false, message(error));
    }
    try {
      const context = await contextFromOptions(options);
      add('context (schema, secrets wiring, paths, databases)', true, 'built');
      for (const s of await context.secrets.checkReady()) add(`secret store ${s.store}`, s.ready, `${s.backend}${s.reason === undefined ? '' : `: ${s.reason}`}`);
      if (context.container.isBound(PATHS)) {
        for (const [name, dir] of Object.entries(context.paths)) {
          const problem = await writable(dir);
          add(`path ${name}`, problem === undefined, problem === undefined ? `${dir} is writable` : `${dir} ${problem}`);
        }
      }
      for (const c of await runServiceChecks(context)) add(c.name, c.ok, c.reason === undefined ? c.detail : `${c.reason}: ${c.detail}`);
      await context.dispose();
    } catch (error) {
      add('context (schema, secrets wiring, paths, databases)', false, message(error));
    }
    try {
      const facts = attestRuntimeIdentity(identity, { storeRoot });
      add('attestation', true, `machine ${facts.machine.value} (${facts.machine.evidence}); substrate ${facts.substrate.value} (${facts.substrate.evidence})`);
    } catch (error) {
      add('attestation', false, message(error));
    }
  }
  const ok = checks.every((c) => c.ok);
  if (options.json === true) printJson({ ok, checks });
  else printLines(checks.map((c) => `${c.warning === true ? 'warn' : status(c.ok, c.ok ? 'pass' : 'FAIL')}  ${c.name.padEnd(28)} ${escapeControlCharacters(c.detail.replaceAll('\n', ' '))}`));
  if (!ok) process.exitCode = 1;
}
