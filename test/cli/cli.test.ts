/** The built CLI, run as a subprocess (npm test builds it first). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const STORE = fileURLToPath(new URL('../../examples/store', import.meta.url));
const DEMO = ['--app', 'demo', '--env', 'dev', '--role', 'research', '--store-root', STORE];

function cli(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MXM_')));
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...clean, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('mxm-runtime CLI', () => {
  it('prints the identity as JSON with substrate docker and its evidence here', () => {
    const r = cli(['identity', '--app', 'a', '--environment', 'dev', '--role', 'r', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ app: 'a', environment: 'dev', role: 'r', substrate: 'docker', key: expect.stringMatching(/^a\/dev\/.+\/docker\/r$/) });
    expect(out.evidence.substrate.evidence).toBe('/.dockerenv exists');
  });
  it('says kubernetes under MXM_SUBSTRATE=kubernetes and names the variable', () => {
    const out = JSON.parse(cli(['identity', '--app', 'a', '--env', 'dev', '--role', 'r', '--json'], { MXM_SUBSTRATE: 'kubernetes' }).stdout);
    expect(out.substrate).toBe('kubernetes');
    expect(out.evidence.substrate.evidence).toBe('MXM_SUBSTRATE=kubernetes');
  });
  it('prints exactly the resolved config as JSON, with --set applied', () => {
    const r = cli(['config', ...DEMO, '--json', '--set', 'parameters.sample_count=7']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).parameters.sample_count).toBe(7);
  });
  it('explains a value with its layer, file and line', () => {
    expect(cli(['config', ...DEMO, '--explain', 'parameters.refresh_interval']).stdout).toContain('from        role [research] apps/demo/role.yaml:3');
  });
  it('reports a missing selector as one error line with the available selectors, exit 1, no stack', () => {
    const r = cli(['config', '--app', 'demo', '--env', 'uat', '--role', 'research', '--store-root', STORE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Selector 'uat' for dimension 'environment' not found in .*Available selectors: dev, prod\.\n/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('exits 2 on a usage error', () => {
    expect(cli(['config', '--bogus']).code).toBe(2);
  });
  it('prints a secret the role may read, and refuses one it may not', () => {
    expect(cli(['secrets', 'get', 'refdata_db_password', ...DEMO]).stdout).toBe('dev-refdata-password\n');
    const denied = cli(['secrets', 'get', 'broker_api_key', ...DEMO]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('denied for principal');
    expect(denied.stdout + denied.stderr).not.toContain('dev-broker-key');
  });
  it('lists secrets and checks stores as JSON, never printing values', () => {
    const list = cli(['secrets', 'list', ...DEMO, '--json']);
    expect(JSON.parse(list.stdout).secrets.map((s: { name: string; allowed: boolean }) => [s.name, s.allowed])).toEqual([
      ['broker_api_key', false],
      ['marketdata_db_password', true],
      ['refdata_db_password', true],
    ]);
    const check = cli(['secrets', 'check', ...DEMO, '--json']);
    expect(JSON.parse(check.stdout)).toMatchObject({ ready: true });
    for (const out of [list.stdout, check.stdout, cli(['snapshot', ...DEMO]).stdout, cli(['context', ...DEMO, '--json']).stdout]) {
      expect(out).not.toMatch(/dev-(refdata|marketdata)-password|dev-broker-key/);
    }
  });
  it('diffs two environments key by key with the layer of each side', () => {
    const out = JSON.parse(cli(['diff', ...DEMO, '--against', 'environment=prod', '--json']).stdout);
    expect(out.changes).toContainEqual(expect.objectContaining({ path: 'logging.level', left: 'debug', right: 'info', rightFrom: 'environment [prod] apps/demo/environment.yaml:11' }));
  });
  it('runs doctor and exits 1 when a check fails', () => {
    const r = cli(['doctor', ...DEMO, '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.checks.find((c: { name: string }) => c.name === 'secret store dev_files').ok).toBe(true);
    expect(r.code).toBe(report.ok ? 0 : 1);
  });
});
