/**
 * `mxm-runtime doctor` as a subprocess: every check passes on a healthy store, and each kind of
 * fault fails its own check with the reason, without hiding the others; exit 1 on any failure.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-store.js';

interface Report {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
}

const dirs = tempDir({ 'secrets/token': 'value\n' });
for (const d of ['data', 'artifacts', 'exports', 'logs']) mkdirSync(join(dirs.root, d));
afterAll(() => dirs.cleanup());

/** A store whose paths and secrets live in `dirs`; `extra` replaces parts of default.yaml. */
function store(overrides: { paths?: string; secretsRoot?: string; role?: string } = {}) {
  const paths = overrides.paths ?? `{data_root: ${dirs.root}/data, artifact_root: ${dirs.root}/artifacts, export_root: ${dirs.root}/exports, log_root: ${dirs.root}/logs}`;
  return tempDir({
    // Every host is the workstation profile, so the machine claim can be attested anywhere.
    'machines.yaml': '"*": workstation\n',
    'apps/demo/default.yaml': `mxm_paths: ${paths}
mxm_secrets:
  stores: {files: {backend: file, root: ${overrides.secretsRoot ?? `${dirs.root}/secrets`}}}
  policies: {p: {allowed_principals: [research]}}
  refs: {token: {store: files, path: token, policy: p}}
`,
    'apps/demo/role.yaml': overrides.role ?? 'research: {}\n',
  });
}

function doctor(storeRoot: string, extra: string[] = []): { code: number | null; report: Report; text: string } {
  const args = ['doctor', '--app', 'demo', '--env', 'dev', '--role', 'research', '--store-root', storeRoot, ...extra];
  const json = cli([...args, '--json']);
  const text = cli(args);
  expect(text.code).toBe(json.code);
  return { code: json.code, report: JSON.parse(json.stdout) as Report, text: text.stdout };
}

const check = (report: Report, name: string) => report.checks.find((c) => c.name === name);

describe('mxm-runtime doctor', () => {
  it('passes every check on a healthy store and exits 0', () => {
    const s = store();
    try {
      const { code, report, text } = doctor(s.root);
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      expect(code).toBe(0);
      expect(report.checks.map((c) => c.name)).toEqual(
        expect.arrayContaining(['identity', 'store', 'layer default', 'layer role', 'config values', 'context (schema, secrets wiring, paths, databases)', 'secret store files', 'path dataRoot', 'path logRoot', 'attestation']),
      );
      expect(check(report, 'layer environment')?.detail).toMatch(/^absent apps\/demo\/environment\.yaml \[dev\]/);
      expect(text).toMatch(/^pass {2}identity/m);
    } finally {
      s.cleanup();
    }
  });
  it('fails a path that does not exist, naming it, and still runs the other checks', () => {
    const s = store({ paths: `{data_root: ${dirs.root}/nowhere, artifact_root: ${dirs.root}/artifacts, export_root: ${dirs.root}/exports, log_root: ${dirs.root}/logs}` });
    try {
      const { code, report, text } = doctor(s.root);
      expect(code).toBe(1);
      expect(check(report, 'path dataRoot')).toMatchObject({ ok: false, detail: `${dirs.root}/nowhere does not exist` });
      expect(check(report, 'path logRoot')?.ok).toBe(true);
      expect(check(report, 'attestation')?.ok).toBe(true);
      expect(text).toMatch(/^FAIL {2}path dataRoot/m);
    } finally {
      s.cleanup();
    }
  });
  it('fails a secret store whose backend is not ready', () => {
    const s = store({ secretsRoot: `${dirs.root}/no-secrets-here` });
    try {
      const { code, report } = doctor(s.root);
      expect(code).toBe(1);
      expect(check(report, 'secret store files')).toMatchObject({ ok: false, detail: expect.stringMatching(/^file: /) });
    } finally {
      s.cleanup();
    }
  });
  it('fails attestation when the machine claim is not this host', () => {
    const s = store();
    try {
      const { code, report } = doctor(s.root, ['--machine', 'bridge']);
      expect(code).toBe(1);
      expect(check(report, 'attestation')).toMatchObject({ ok: false, detail: expect.stringMatching(/machine: claimed 'bridge', discovered 'workstation'/) });
    } finally {
      s.cleanup();
    }
  });
  it('fails the layers on a missing selector, naming the available ones, and the context with them', () => {
    const s = store({ role: 'execution: {}\n' });
    try {
      const { code, report } = doctor(s.root);
      expect(code).toBe(1);
      expect(check(report, 'store and layers')).toMatchObject({ ok: false, detail: expect.stringMatching(/Selector 'research' for dimension 'role'.*Available selectors: execution\./) });
      expect(check(report, 'context (schema, secrets wiring, paths, databases)')?.ok).toBe(false);
      expect(check(report, 'identity')?.ok).toBe(true);
    } finally {
      s.cleanup();
    }
  });
  it('fails schema and wiring problems together in the context check', () => {
    const s = store({ paths: '{data_root: relative/path}' });
    try {
      const { report } = doctor(s.root);
      const context = check(report, 'context (schema, secrets wiring, paths, databases)');
      expect(context?.ok).toBe(false);
      expect(context?.detail).toMatch(/mxm_paths\.data_root: must be absolute/);
      expect(context?.detail).toMatch(/mxm_paths\.log_root: is required/);
    } finally {
      s.cleanup();
    }
  });
  it('reports an identity that cannot be built, and nothing that depends on it', () => {
    const s = store();
    try {
      const r = cli(['doctor', '--store-root', s.root, '--json']);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.checks).toEqual([{ name: 'identity', ok: false, detail: expect.stringMatching(/app: not given; pass it or set MXM_APP/) }]);
    } finally {
      s.cleanup();
    }
  });
});

describe('mxm-runtime doctor: secret policies', () => {
  it('passes quietly when only the default and environment layers set policies', () => {
    const s = store();
    try {
      const { report } = doctor(s.root);
      expect(check(report, 'secret policies')).toEqual({ name: 'secret policies', ok: true, detail: 'set only by the default and environment layers' });
    } finally {
      s.cleanup();
    }
  });
  it('warns, without failing, when a role file widens a policy', () => {
    const s = store({ role: 'research:\n  mxm_secrets:\n    policies: {p: {allowed_principals: [research, execution]}}\n' });
    try {
      const { code, report, text } = doctor(s.root);
      expect(code).toBe(0);
      expect(check(report, 'secret policies')).toEqual({
        name: 'secret policies',
        ok: true,
        warning: true,
        detail: 'mxm_secrets.policies.p.allowed_principals is set by role [research] apps/demo/role.yaml:3. Policies decide which role reads which secret: is that layer meant to change them?',
      });
      expect(text).toMatch(/^warn {2}secret policies {14}mxm_secrets\.policies\.p\.allowed_principals is set by role/m);
    } finally {
      s.cleanup();
    }
  });
});

describe('mxm-runtime doctor: names are not secrets', () => {
  it('store, ref and database names that look like credentials are printed, not scrubbed out of other words', () => {
    const s = tempDir({
      'machines.yaml': '"*": workstation\n',
      'apps/demo/default.yaml': `mxm_paths: {data_root: ${dirs.root}/data, artifact_root: ${dirs.root}/artifacts, export_root: ${dirs.root}/exports, log_root: ${dirs.root}/logs}
mxm_databases:
  refdata: {host: localhost, port: 5432, database: refdata, user: reader, password_secret: refdata_db_password}
mxm_secrets:
  stores: {local: {backend: file, root: ${dirs.root}/secrets}}
  policies: {p: {allowed_principals: [research]}}
  refs: {refdata_db_password: {store: local, path: token, policy: p}}
`,
    });
    try {
      const { text } = doctor(s.root);
      expect(text).toMatch(/secret store local /);
      expect(text).not.toContain('<redacted>');
    } finally {
      s.cleanup();
    }
  });
});
