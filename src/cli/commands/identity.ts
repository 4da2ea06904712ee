/** `mxm-runtime identity`: the identity and the evidence behind every field. */
import { defaultStoreRoot } from '../../config/store.js';
import { resolveRuntimeIdentity } from '../../identity/build.js';
import { identityKey, IDENTITY_FIELDS } from '../../identity/runtime-identity.js';
import { identityInput, type CommonOptions } from '../identity-options.js';
import { bold, printJson, printLines } from '../output.js';

export default async function identity(options: CommonOptions): Promise<void> {
  const { identity: id, evidence } = resolveRuntimeIdentity(identityInput(options), { storeRoot: options.storeRoot ?? defaultStoreRoot() });
  if (options.json === true) {
    printJson({ ...id, key: identityKey(id), evidence });
    return;
  }
  printLines([
    bold(identityKey(id)),
    ...IDENTITY_FIELDS.map((field) => `  ${field.padEnd(12)} ${id[field].padEnd(16)} ${evidence[field].evidence}`),
  ]);
}
