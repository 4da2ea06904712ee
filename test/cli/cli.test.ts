/** The built CLI, run as a subprocess (npm test builds it first). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-store.js';

const STORE = fileURLToPath(new URL('../../examples/store', import.meta.url));
const DEMO = ['--app', 'demo', '--env', 'dev', '--role', 'research', '--store-root', STORE];


describe('mxm-runtime CLI', () => {
  it('prints the identity as JSON with the discovered substrate and its evidence', () => {
    const r = cli(['identity', '--app', 'a', '--environment', 'dev', '--role', 'r', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ app: 'a', environment: 'dev', role: 'r', key: `a/dev/${out.machine}/${out.substrate}/r` });
    // These machines run in Docker; elsewhere the evidence names whatever was found.
    if (existsSync('/.dockerenv')) expect(out).toMatchObject({ substrate: 'docker', evidence: { substrate: { evidence: '/.dockerenv exists' } } });
    else expect(out.evidence.substrate.evidence).toEqual(expect.any(String));
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
  it('--debug prints the error with its class name and stack', () => {
    const r = cli(['config', '--app', 'demo', '--env', 'dev', '--store-root', STORE, '--debug'], { MXM_SUBSTRATE: 'local-process' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^RuntimeIdentityError: Runtime identity is invalid:/m);
    expect(r.stderr).toMatch(/^\s+at /m);
  });

  it('names a missing store once, with the way out in the message and no repeated hint', () => {
    const r = cli(['config', '--app', 'demo', '--env', 'dev', '--role', 'research', '--store-root', '/nonexistent/store']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: Config store not found: /nonexistent/store is not a directory. Pass --store-root or set MXM_CONFIG_STORE.\n');
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

describe('mxm-runtime config', () => {
  it('--yaml and --json print the same data', async () => {
    const { parse } = await import('yaml');
    const yaml = cli(['config', ...DEMO, '--yaml']);
    expect(yaml.code).toBe(0);
    expect(parse(yaml.stdout)).toEqual(JSON.parse(cli(['config', ...DEMO, '--json']).stdout));
  });
  it('--json and --yaml together are a usage error', () => {
    const r = cli(['config', ...DEMO, '--json', '--yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
  it('--layers lists every file considered with its selector, found or absent', () => {
    const text = cli(['config', ...DEMO, '--layers', '--machine', 'nowhere-machine', '--substrate', 'local-process']);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain("Selector 'nowhere-machine' for dimension 'machine'");
    const plan = JSON.parse(cli(['config', ...DEMO, '--layers', '--json', '--set', 'x=1']).stdout);
    expect(plan.map((l: { layer: string; status: string }) => [l.layer, l.status])).toEqual([
      ['default', 'loaded'],
      ['environment', 'loaded'],
      ['machine', 'loaded'],
      ['substrate', 'loaded'],
      ['role', 'loaded'],
      ['overrides', 'loaded'],
    ]);
    expect(plan[1]).toMatchObject({ file: 'apps/demo/environment.yaml', selector: 'dev' });
    const lines = cli(['config', ...DEMO, '--layers']).stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^default\s+loaded\s+apps\/demo\/default\.yaml$/);
    expect(lines[4]).toMatch(/^role\s+loaded\s+apps\/demo\/role\.yaml\s+\[research\]$/);
  });
  it('--no-resolve shows values before interpolation', () => {
    const raw = JSON.parse(cli(['config', ...DEMO, '--no-resolve', '--json']).stdout);
    expect(raw.mxm_paths.artifact_root).toBe('${mxm_paths.data_root}/artifacts');
    const resolved = JSON.parse(cli(['config', ...DEMO, '--json']).stdout);
    expect(resolved.mxm_paths.artifact_root).toBe(`${resolved.mxm_paths.data_root}/artifacts`);
  });
  it('--set reads each value as a YAML scalar or flow collection', () => {
    const out = JSON.parse(cli(['config', ...DEMO, '--json', '--set', 'a.b=[1, x]', '--set', 'c=true', '--set', 'd=null', '--set', 'e=1e3', '--set', "f='007'"]).stdout);
    expect(out).toMatchObject({ a: { b: [1, 'x'] }, c: true, d: null, e: 1000, f: '007' });
  });
  it('a --set without = is a usage error naming it', () => {
    const r = cli(['config', ...DEMO, '--set', 'a.b']);
    expect(r.code).toBe(2);
    // The argument itself is not echoed: a mistyped assignment may be a value meant to stay private.
    expect(r.stderr).toContain('Invalid assignment (--set number 1): expected key.path=value.');
  });
  it('--explain names a missing key and the keys that exist', () => {
    const r = cli(['config', ...DEMO, '--explain', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Config key 'nope' not found: .*Available keys: base, logging,/);
  });
  it('--explain --json shows an overridden value with its origin', () => {
    const e = JSON.parse(cli(['config', ...DEMO, '--explain', 'parameters.refresh_interval', '--json']).stdout);
    expect(e).toMatchObject({ layer: 'role', selector: 'research', file: 'apps/demo/role.yaml' });
    expect(e.overridden.map((o: { layer: string }) => o.layer)).toEqual(['default', 'environment']);
  });
  it('reports every schema problem at once, naming the layer', () => {
    const r = cli(['config', ...DEMO, '--set', 'mxm_paths.data_root.x=1', '--set', 'mxm_secrets.refs=5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('mxm_paths.data_root: must be a single value, not a mapping (from overrides)');
    expect(r.stderr).toContain('mxm_secrets.refs: must be a mapping, not a number (from overrides)');
  });
  it('never prints a secret ref\'s backend path', () => {
    for (const args of [['--json'], ['--yaml'], ['--no-resolve', '--json'], ['--explain', 'mxm_secrets.refs']]) {
      const out = cli(['config', ...DEMO, ...args]).stdout;
      expect(out).toContain('refdata_db_password');
      expect(out).not.toMatch(/REFDATA_DB_PASSWORD|BROKER_API_KEY/);
    }
  });
  it('a store given by MXM_CONFIG_STORE maps the host through its machines.yaml, as --store-root does', () => {
    const r = cli(['identity', '--json', '--app', 'demo', '--env', 'dev', '--role', 'research'], { MXM_CONFIG_STORE: STORE });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { machine: string }).machine).toBe((JSON.parse(cli(['identity', '--json', '--app', 'demo', '--env', 'dev', '--role', 'research', '--store-root', STORE]).stdout) as { machine: string }).machine);
    expect(cli(['config', '--app', 'demo', '--env', 'dev', '--role', 'research'], { MXM_CONFIG_STORE: STORE }).code).toBe(0);
  });
  it('--vars-file is --env-file under a name Node does not intercept: a missing file is our error, not node\'s', () => {
    const r = cli(['config', ...DEMO, '--vars-file', '/nonexistent/vars.env']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: Env file /nonexistent/vars.env does not exist.\n');
  });
  it('reads ${oc.env:…} from --env-file without the process environment', () => {
    const { root, cleanup } = tempDir({ 'vars.env': 'MXM_TEST_GREETING=from-the-file\n' });
    try {
      const r = cli(['config', ...DEMO, '--json', '--set', 'greeting=${oc.env:MXM_TEST_GREETING}', '--env-file', join(root, 'vars.env')]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).greeting).toBe('from-the-file');
      expect(cli(['config', ...DEMO, '--set', 'greeting=${oc.env:MXM_TEST_GREETING}']).stderr).toContain('MXM_TEST_GREETING');
    } finally {
      cleanup();
    }
  });
});

describe('mxm-runtime diff', () => {
  it('prints each differing key with the layer of each side', () => {
    const r = cli(['diff', ...DEMO, '--against', 'environment=prod']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^--- demo\/dev\/.+\/research\n\+\+\+ demo\/prod\/.+\/research\n/);
    expect(r.stdout).toContain('logging.level\n  - "debug"  (environment [dev] apps/demo/environment.yaml:5)\n  + "info"  (environment [prod] apps/demo/environment.yaml:11)');
  });
  it('says so when nothing differs', () => {
    expect(cli(['diff', ...DEMO, '--against', 'environment=dev']).stdout).toContain('(no differences)');
  });
  it('compares several fields at once', () => {
    const out = JSON.parse(cli(['diff', ...DEMO, '--against', 'environment=prod', '--against', 'role=execution', '--json']).stdout);
    expect(out.right).toMatch(/^demo\/prod\/.+\/execution$/);
  });
  it('rejects an unknown field as a usage error listing the fields', () => {
    const r = cli(['diff', ...DEMO, '--against', 'colour=prod']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a field among app, environment, machine, substrate, role');
  });
  it('never prints a backend path, even when it differs', () => {
    const out = cli(['diff', ...DEMO, '--against', 'environment=prod', '--json']).stdout;
    expect(out).not.toMatch(/REFDATA_DB_PASSWORD|refdata_db_password"?\s*$/m);
  });
});

describe('mxm-runtime command line', () => {
  it('--help lists every command; a command\'s --help lists its options', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    for (const name of ['identity', 'config', 'diff', 'secrets list', 'secrets check', 'secrets get', 'context', 'snapshot', 'doctor']) expect(top.stdout).toContain(`  ${name} `);
    const config = cli(['config', '--help']);
    expect(config.stdout).toMatch(/^Usage: mxm-runtime config \[options\]/);
    expect(config.stdout).toContain('--set <key.path=value>');
    expect(config.stdout).toContain('(repeatable)');
    expect(cli(['secrets', 'get', '--help']).stdout).toContain('Usage: mxm-runtime secrets get <name> [options]');
  });
  it('--version prints the package version', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(cli(['--version']).stdout).toBe(`${pkg.version}\n`);
  });
  it.each([
    [['nope'], /Unknown command 'nope'\. Commands: identity, config,/],
    [['secrets'], /'mxm-runtime secrets' needs a subcommand: list, check, get\./],
    [['secrets', 'get'], /'mxm-runtime secrets get' needs <name>\./],
    [['secrets', 'get', 'a', 'b'], /Unexpected argument 'b'/],
    [['diff', ...DEMO], /'mxm-runtime diff' needs --against\./],
    [['config', '--explain'], /Option '--explain <value>' argument missing/],
    [['config', '--bogus'], /^error: Unknown option '--bogus' \(in 'mxm-runtime config'\)\.\n\(run with --help for usage\)\n$/],
    [['config', '--set', '-x=1'], /^error: Option '--set' argument is ambiguous: to give a value that starts with '-', write --set=<value> \(in 'mxm-runtime config'\)\.\n/],
    [['help', 'nope'], /^error: Unknown command 'nope'\./],
  ])('usage error %j: one message, exit 2, nothing on stdout', (args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [['secrets', '--help'], /^Usage: mxm-runtime secrets <command> \[options\]\n[\s\S]*secrets get +print one secret value/],
    [['secrets', '-h'], /^Usage: mxm-runtime secrets <command>/],
    [['help', 'config'], /^Usage: mxm-runtime config \[options\]\n/],
    [['help', 'secrets', 'get'], /^Usage: mxm-runtime secrets get <name> \[options\]\n/],
    [['help'], /^Usage: mxm-runtime <command> \[options\]\n/],
  ])('help %j: on stdout, exit 0', (args, text) => {
    const r = cli(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(text);
  });
});
