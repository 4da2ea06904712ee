/**
 * What a user's compiler says: typed configuration and typed bindings. Compiled by the consumer
 * test against the installed package under strict, without skipLibCheck; every
 * `@ts-expect-error` must be an error, or tsc fails the test.
 */
import { buildRuntimeContext, createToken, defineConfigSchema, defineDeploymentModule, makeView, SECRETS, type RuntimeConfigOf, type RuntimeContext, type SecretsApi } from 'mxm-runtime';

/** A helper that takes any context, typed or not. */
function keyOf<C>(context: RuntimeContext<C>): string {
  return context.key;
}

export const schema = defineConfigSchema({
  billing: { currency: { doc: 'ISO 4217 code', format: String, default: 'EUR' }, plan: { format: ['free', 'pro'], default: 'free' } },
  server: { port: { format: 'port', default: 8080 }, host: { format: String, default: null, nullable: true } },
});

const PRICE = createToken<number>('typed.price');

export const typedModule = defineDeploymentModule({ name: 'typed' }, (bind) => {
  bind(PRICE).toConstantValue(42);
});

/** Compile-time checks only: never called. */
export const wrongBindings = defineDeploymentModule({ name: 'wrong-bindings' }, (bind) => {
  // @ts-expect-error a token types its binding: SECRETS is a SecretsApi, not a string
  bind(SECRETS).toConstantValue('x');
  // @ts-expect-error a number token does not take a string
  bind(PRICE).toConstantValue('42');
});

export async function typedConfig(storeRoot: string): Promise<string> {
  const context = await buildRuntimeContext({ identity: { app: 'typed', environment: 'dev', role: 'research' }, storeRoot, schema, modules: [typedModule] });
  const currency: string = context.config.get('billing.currency');
  const port: number = context.config.get('server.port');
  const plan: 'free' | 'pro' = context.config.get('billing.plan');
  // A leaf whose default is null stays absent until a layer sets it: ask has() first.
  const host: string | null = context.config.has('server.host') ? context.config.get('server.host') : null;
  const dataRoot: string | null = context.config.get('mxm_paths.data_root');
  const database: unknown = context.config.has('mxm_databases.refdata.host') ? context.config.get('mxm_databases.refdata.host') : 'none';
  const secrets: SecretsApi = context.get(SECRETS);
  const price: number = context.get(PRICE);
  const server = makeView(context.config, 'server');
  const result = JSON.stringify([currency, port, plan, host, dataRoot, database, secrets.list().length, price, keyOf(context), server.keys()]);
  await context.dispose();
  return result;
}

/** Compile-time checks only: never called. */
export function wrongPaths(context: RuntimeContext<RuntimeConfigOf<typeof schema>>): unknown[] {
  // @ts-expect-error an undeclared key path (a typo) does not compile
  const typo = context.config.get('server.prot');
  // @ts-expect-error the currency is a string
  const wrong: number = context.config.get('billing.currency');
  return [typo, wrong];
}

/** Compile-time check only: never called. */
export async function notASchema(): Promise<void> {
  // @ts-expect-error a value that is not a schema is a compile error
  await buildRuntimeContext({ identity: { app: 'typed', environment: 'dev', role: 'research' }, schema: { port: 8080 } });
}

// Run as `node dist/typed.js <store root>` by the consumer test (the store has an app 'typed').
const storeRoot = process.argv[2];
if (storeRoot !== undefined) console.log(await typedConfig(storeRoot));
