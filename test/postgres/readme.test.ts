/**
 * The README's PostgreSQL section runs as written: its store and its application, compiled as an
 * application compiles them, importing `mxm-runtime` and `mxm-runtime/postgres` as a package,
 * against a live server. Only the port is changed (the test server's is not 5432).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import ts from 'typescript';
import { describeWithPostgres, startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { tempDir } from '../helpers/temp-store.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The fenced block right after `<!-- marker… -->`. */
function block(marker: string): string {
  const found = new RegExp(`<!-- ${marker}[^>]*-->\\s*\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(README);
  if (found === null) throw new Error(`README has no block after <!-- ${marker} -->`);
  return found[1] as string;
}

describeWithPostgres()("the README's PostgreSQL example", () => {
  let server: PostgresServer;
  const project = tempDir({});
  beforeAll(async () => {
    server = await startPostgres();
    await server.createRole('refdata_reader', 'readme-password', 'refdata');
  });
  afterAll(async () => {
    await server?.stop();
    project.cleanup();
  });

  it('queries through the injected pool and gets one pool per context', () => {
    const yaml = block('readme-postgres-store');
    expect(yaml).toContain('port: 5432');
    mkdirSync(join(project.root, 'store/apps/demo'), { recursive: true });
    writeFileSync(join(project.root, 'store/apps/demo/default.yaml'), yaml.replace('port: 5432', `port: ${server.port}`));
    // An application's node_modules: this package under its name, and the packages the snippet imports.
    mkdirSync(join(project.root, 'node_modules'));
    symlinkSync(ROOT, join(project.root, 'node_modules/mxm-runtime'));
    for (const name of ['inversify', 'reflect-metadata', 'pg']) symlinkSync(join(ROOT, 'node_modules', name), join(project.root, 'node_modules', name));
    const compiled = ts.transpileModule(block('readme-postgres-app'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, experimentalDecorators: true, emitDecoratorMetadata: true },
    });
    writeFileSync(join(project.root, 'app.mjs'), compiled.outputText);
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MXM_')));
    const r = spawnSync(process.execPath, ['app.mjs'], {
      cwd: project.root,
      env: { ...clean, MXM_CONFIG_STORE: join(project.root, 'store'), DEMO_REFDATA_PASSWORD: 'readme-password' },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^tables: [1-9]\d*\ntrue\n$/);
  });
});
