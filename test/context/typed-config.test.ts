/**
 * An application's schema decides what its configuration holds: values coerced to their format
 * or reported, and in strict mode every key the schema does not declare reported with file:line.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { buildRuntimeContext, defineConfigSchema, RuntimeContextBuildError } from '../../src/index.js';
import { DEMO, tempStore } from '../helpers/temp-store.js';

const schema = defineConfigSchema({
  server: { port: { doc: 'Listen port', format: 'port', default: 8080 }, host: { format: String, default: 'localhost' } },
  billing: { currency: { format: String, default: 'EUR' }, live: { format: Boolean, default: false } },
});

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});
function build(defaultYaml: string, strict = false) {
  const { root, cleanup } = tempStore({ default: defaultYaml });
  cleanups.push(cleanup);
  return buildRuntimeContext({ identity: DEMO, storeRoot: root, env: {}, schema, strict });
}
async function buildError(defaultYaml: string, strict = false): Promise<RuntimeContextBuildError> {
  try {
    await build(defaultYaml, strict);
  } catch (error) {
    if (error instanceof RuntimeContextBuildError) return error;
    throw error;
  }
  throw new Error('the build succeeded');
}

describe('a configuration typed by its schema', () => {
  it("coerces a quoted port ('8080') to the number the format port says", async () => {
    const context = await build("server:\n  port: '8080'\nbilling:\n  live: 'true'\n");
    expect(context.config.get('server.port')).toBe(8080);
    expect(context.config.get('billing.live')).toBe(true);
    expect(context.config.explain('server.port').line).toBe(2);
  });

  it('fills what the store leaves out from the schema defaults', async () => {
    const context = await build('server:\n  host: example.org\n');
    expect([context.config.get('server.port'), context.config.get('server.host'), context.config.get('billing.currency')]).toEqual([8080, 'example.org', 'EUR']);
  });

  it('reports a value that is not a port, naming the key and the file and line that wrote it', async () => {
    const error = await buildError('server:\n  port: eighty\n');
    expect(error.problems).toEqual([expect.objectContaining({ path: 'server.port', source: 'default apps/demo/default.yaml:2' })]);
    expect(error.message).toContain('server.port');
  });

  it('accepts keys the schema does not declare unless strict', async () => {
    const context = await build('server:\n  prot: 8080\nextra: 1\n');
    expect(context.config.has('server.prot')).toBe(true); // get('server.prot') would not compile: the schema does not declare it
  });

  it('in strict mode reports a typo with file:line and the declared key it is near', async () => {
    const error = await buildError('server:\n  port: 80\n  prot: 8080\n', true);
    expect(error.problems).toEqual([{ path: 'server.prot', message: "is not declared in any schema (did you mean 'server.port'?)", source: 'default apps/demo/default.yaml:3' }]);
  });

  it('in strict mode reports an undeclared section by the line of its first key', async () => {
    const error = await buildError('server:\n  port: 80\nparameters:\n  sample_count: 10\n', true);
    expect(error.problems).toEqual([{ path: 'parameters', message: 'is not declared in any schema', source: 'default apps/demo/default.yaml:4' }]);
  });

  it('in strict mode lets a section the store keys itself (format Object) hold any key', async () => {
    const context = await build('mxm_databases:\n  refdata: {host: db, anything: 1}\n', true);
    expect(context.config.get('mxm_databases.refdata.anything')).toBe(1);
  });
});
