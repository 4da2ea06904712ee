/**
 * `pg` is needed only by applications that use PostgreSQL: the main entry's types never name it,
 * and loading the main entry and building a context never loads it; the first pool does.
 * Runs the built package as it ships, the bundle (npm test builds before jest).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { tempStore } from '../helpers/temp-store.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every declaration file reachable from `entry` through relative imports. */
function declarationGraph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) visit(resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.d.ts')));
  };
  visit(entry);
  return seen;
}

/**
 * Runs the built main entry in a fresh Node: builds a context (and, with `pool`, resolves the
 * refdata pool), then says whether pg was loaded.
 */
function pgLoadedAfterBuild(storeRoot: string, pool = false): string {
  const script = `
    import { createRequire } from 'node:module';
    const { buildRuntimeContext, databaseServiceToken } = await import(${JSON.stringify(`${ROOT}dist/bundle/index.js`)});
    const context = await buildRuntimeContext({ identity: { app: 'demo', environment: 'dev', machine: 'm', substrate: 'local-process', role: 'research' }, storeRoot: ${JSON.stringify(storeRoot)}, env: {} });
    if (${pool}) context.get(databaseServiceToken('postgres', 'refdata'));
    await context.dispose();
    const cache = createRequire(import.meta.url).cache;
    process.stdout.write(String(Object.keys(cache).some((k) => k.includes('/node_modules/pg/'))));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout;
}

describe('entry points', () => {
  it("the main entry's declarations never import pg; mxm-runtime/postgres's do", () => {
    const main = declarationGraph(`${ROOT}dist/src/index.d.ts`);
    expect(main.size).toBeGreaterThan(20);
    expect([...main.keys()].some((file) => file.endsWith('providers/postgres/postgres-provider.d.ts'))).toBe(true);
    expect([...main].filter(([, text]) => /from ['"]pg['"]|import\(['"]pg['"]\)/.test(text)).map(([file]) => file)).toEqual([]);
    expect(readFileSync(`${ROOT}dist/providers/postgres/index.d.ts`, 'utf8')).toContain("from 'pg'");
  });

  it('package.json exports mxm-runtime/postgres and lists pg as an optional peer dependency', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { exports: Record<string, Record<string, string>>; peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional: boolean }> };
    const postgres = pkg.exports['./postgres'];
    // As the main entry: import and require reach one object (the library bundle, through the code
    // cache); bundlers (the module condition) get the ES module build.
    expect(postgres).toEqual({ types: './dist/providers/postgres/index.d.ts', module: './dist/bundle/module/postgres.js', import: './dist/bundle/postgres.js', require: './dist/bundle/postgres.cjs', default: './dist/bundle/postgres.js' });
    for (const file of Object.values(postgres ?? {})) expect(existsSync(resolve(ROOT, file))).toBe(true);
    expect(pkg.peerDependencies['pg']).toBeDefined();
    expect(pkg.peerDependenciesMeta['pg']).toEqual({ optional: true });
  });

  it('building a context does not load pg, with a postgres database or without; its first pool does', () => {
    const without = tempStore({ default: 'mxm_databases: {refdata: {host: localhost}}\n' });
    const withPostgres = tempStore({ default: 'mxm_databases: {refdata: {driver: postgres, database: refdata, user: app}}\n' });
    try {
      expect(pgLoadedAfterBuild(without.root)).toBe('false');
      expect(pgLoadedAfterBuild(withPostgres.root)).toBe('false');
      expect(pgLoadedAfterBuild(withPostgres.root, true)).toBe('true');
    } finally {
      without.cleanup();
      withPostgres.cleanup();
    }
  });
});
