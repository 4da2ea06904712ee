import { chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  BackendFailure,
  DotenvSecretBackend,
  FileSecretBackend,
  GopassSecretBackend,
  MemorySecretBackend,
  SecretsApi,
  type SecretAuditEvent,
  type SecretBackend,
} from '../../src/index.js';
import { tempDir } from '../helpers/temp-store.js';

const identity = (role: string) => ({ app: 'a', environment: 'dev', machine: 'm', substrate: 'local-process', role });
const CANARY = 'canary-secret-7f3a';
const CANARY_PATH = 'desk/canary_path';

/** A backend that records every call, to prove denied requests never reach it. */
class SpyBackend implements SecretBackend {
  readonly name = 'memory';
  readonly calls: string[] = [];
  async read(location: { path: string }): Promise<string> {
    this.calls.push(location.path);
    if (location.path === 'missing') throw new BackendFailure('not_found', 'no such entry');
    if (location.path === 'down') throw new BackendFailure('unavailable', 'store offline');
    if (location.path === 'broken') throw new BackendFailure('failed', 'decryption failed');
    return CANARY;
  }
  async checkReady() {
    return { ready: true };
  }
}

const data = (refs: Record<string, unknown> = {}) => ({
  stores: { vault: { backend: 'memory', root: 'root' } },
  policies: { desk: { allowed_principals: ['research'] } },
  refs: { token: { store: 'vault', path: CANARY_PATH, policy: 'desk' }, ...refs },
});

function api(backend = new SpyBackend(), audit?: (e: SecretAuditEvent) => void) {
  return { backend, secrets: SecretsApi.fromConfigData(data({ gone: { store: 'vault', path: 'missing', policy: 'desk' }, down: { store: 'vault', path: 'down', policy: 'desk' }, broken: { store: 'vault', path: 'broken', policy: 'desk' } }), { backends: [backend], identity: identity('research'), audit }) };
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error('expected a rejection');
}

describe('SecretsApi', () => {
  it('reads a secret the role may read', async () => {
    expect(await api().secrets.getSecret('token')).toBe(CANARY);
  });

  it('denies a role its policy does not list, without calling the backend', async () => {
    const { secrets, backend } = api();
    const error = await rejection(secrets.getSecret('token', { identity: identity('execution') }));
    expect(error.code).toBe('SECRET_ACCESS_DENIED');
    expect(error.message).toBe("Access to secret vault:token denied for principal 'execution' (policy 'desk' does not allow it).");
    expect(backend.calls).toEqual([]);
  });

  it('names the configured secrets when the name is unknown', async () => {
    const error = await rejection(api().secrets.getSecret('nope'));
    expect(error.code).toBe('SECRET_UNKNOWN');
    expect(error.message).toContain('Configured secrets: broken, down, gone, token.');
  });

  it('applies a default to not-found and unavailable only', async () => {
    const { secrets } = api();
    expect(await secrets.getSecret('gone', { default: 'd' })).toBe('d');
    expect(await secrets.getSecret('down', { default: 'd' })).toBe('d');
    expect((await rejection(secrets.getSecret('broken', { default: 'd' }))).code).toBe('SECRET_BACKEND_FAILED');
    expect((await rejection(secrets.getSecret('token', { identity: identity('execution'), default: 'd' }))).code).toBe('SECRET_ACCESS_DENIED');
  });

  it('maps backend failures to typed errors that never name the path', async () => {
    const { secrets } = api();
    const notFound = await rejection(secrets.getSecret('gone'));
    expect(notFound.code).toBe('SECRET_NOT_FOUND');
    expect(notFound.message).toBe('Secret vault:gone was not found in its memory store.');
    expect(notFound.message).not.toContain('missing');
  });

  it('sends one audit event per access, without value or path', async () => {
    const events: SecretAuditEvent[] = [];
    const { secrets } = api(new SpyBackend(), (e) => events.push(e));
    await secrets.getSecret('token');
    await rejection(secrets.getSecret('token', { identity: identity('execution') }));
    expect(events.map(({ durationMs: _d, ...e }) => e)).toEqual([
      { secret: 'token', store: 'vault', principal: 'research', decision: 'allowed', outcome: 'ok' },
      { secret: 'token', store: 'vault', principal: 'execution', decision: 'denied', outcome: 'SECRET_ACCESS_DENIED' },
    ]);
    expect(JSON.stringify(events)).not.toContain(CANARY);
    expect(JSON.stringify(events)).not.toContain(CANARY_PATH);
  });

  it('lists secrets with whether the principal may read them, sorted', () => {
    expect(api().secrets.list(identity('execution')).map((s) => [s.name, s.allowed])).toEqual([
      ['broken', false],
      ['down', false],
      ['gone', false],
      ['token', false],
    ]);
  });

  it('does not cache values unless the store opts in', async () => {
    const backend = new SpyBackend();
    const secrets = SecretsApi.fromConfigData(data(), { backends: [backend], identity: identity('research') });
    await secrets.getSecret('token');
    await secrets.getSecret('token');
    expect(backend.calls).toHaveLength(2);
  });

  it('caches per store, path and principal when a TTL is set', async () => {
    const backend = new SpyBackend();
    const config = data();
    config.stores.vault = { ...config.stores.vault, cache_ttl_seconds: 60 } as typeof config.stores.vault;
    const secrets = SecretsApi.fromConfigData(config, { backends: [backend], identity: identity('research') });
    await secrets.getSecret('token');
    await secrets.getSecret('token');
    expect(backend.calls).toHaveLength(1);
  });

  it('reports every wiring problem at once', () => {
    expect(() =>
      SecretsApi.fromConfigData(
        { stores: { s: { backend: 'vault9', root: 'r' }, 'Bad-Name': { backend: 'memory', root: 'r' } }, policies: {}, refs: { x: { store: 'nope', path: '../etc/passwd', policy: 'none' } } },
        { backends: [new MemorySecretBackend()] },
      ),
    ).toThrow(/stores\.s\.backend: unknown backend 'vault9'\. Known backends: memory[\s\S]*Bad-Name: store name must match[\s\S]*refs\.x\.store: unknown store 'nope'[\s\S]*refs\.x\.policy: unknown policy 'none'[\s\S]*refs\.x\.path: secret path must not contain '\.\.' segments/);
  });

  it.each([['../x'], ['./x'], ['a//b'], ['/abs'], ['a\\b'], ['a\u0000b'], ['%2e%2e/x'], ['-c'], ['a/--help'], ['a\nb']])('rejects the path %j before any backend runs', (path) => {
    expect(() => SecretsApi.fromConfigData(data({ bad: { store: 'vault', path, policy: 'desk' } }), { backends: [new SpyBackend()] })).toThrow(/refs\.bad\.path/);
  });

  it('prints no secret in JSON or inspect', async () => {
    const { secrets } = api();
    const redacted = await secrets.getRedacted('token');
    expect(String(redacted)).toBe('<redacted>');
    expect(JSON.stringify({ secrets, redacted })).not.toContain(CANARY);
    expect(JSON.stringify(secrets)).not.toContain(CANARY_PATH);
    expect(redacted.reveal()).toBe(CANARY);
  });
});

describe('a backend that reports not ready (as mxm-secrets checks before reading)', () => {
  class NotReady extends SpyBackend {
    override async checkReady() {
      return { ready: false, reason: 'store offline' };
    }
  }
  it('fails the read as unavailable without reading', async () => {
    const backend = new NotReady();
    const secrets = SecretsApi.fromConfigData(data(), { backends: [backend], identity: identity('research') });
    const error = await rejection(secrets.getSecret('token'));
    expect(error.code).toBe('SECRET_BACKEND_UNAVAILABLE');
    expect(backend.calls).toEqual([]);
  });
  it('gives the default instead, as for any unavailable store', async () => {
    const secrets = SecretsApi.fromConfigData(data(), { backends: [new NotReady()], identity: identity('research') });
    expect(await secrets.getSecret('token', { default: 'd' })).toBe('d');
  });
});

describe('file and dotenv backends', () => {
  it('reads a file under the root, trimming exactly one newline', async () => {
    const { root, cleanup } = tempDir({ 'db/password': 'line1\nline2\n\n' });
    try {
      const secrets = SecretsApi.fromConfigData({ stores: { run: { backend: 'file', root } }, policies: { p: { allowed_principals: ['research'] } }, refs: { pw: { store: 'run', path: 'db/password', policy: 'p' } } }, { backends: [new FileSecretBackend()], identity: identity('research') });
      expect(await secrets.getSecret('pw')).toBe('line1\nline2\n');
    } finally {
      cleanup();
    }
  });
  it('refuses a symlink that leaves the root', async () => {
    const outside = tempDir({ secret: CANARY });
    const { root, cleanup } = tempDir({});
    symlinkSync(join(outside.root, 'secret'), join(root, 'link'));
    try {
      const secrets = SecretsApi.fromConfigData({ stores: { run: { backend: 'file', root } }, policies: { p: { allowed_principals: ['research'] } }, refs: { pw: { store: 'run', path: 'link', policy: 'p' } } }, { backends: [new FileSecretBackend()], identity: identity('research') });
      const error = await rejection(secrets.getSecret('pw'));
      expect(error.message).toMatch(/symlink that leaves the store directory/);
      expect(error.message).not.toContain(CANARY);
    } finally {
      cleanup();
      outside.cleanup();
    }
  });
  it('reads a variable of a .env file, relative to the base directory', async () => {
    const { root, cleanup } = tempDir({ 'secrets/dev.env': 'API_KEY="k-123"\n' });
    try {
      const secrets = SecretsApi.fromConfigData({ stores: { dev: { backend: 'dotenv', root: 'secrets/dev.env' } }, policies: { p: { allowed_principals: ['research'] } }, refs: { key: { store: 'dev', path: 'API_KEY', policy: 'p' } } }, { backends: [new DotenvSecretBackend()], identity: identity('research'), baseDir: root });
      expect(await secrets.getSecret('key')).toBe('k-123');
    } finally {
      cleanup();
    }
  });
});

describe('gopass backend (contract, with a stand-in: the real gopass is not installable here)', () => {
  function fakeGopass(script: string) {
    const dir = tempDir({});
    const bin = join(dir.root, 'gopass');
    // Ready when asked (`gopass ls`, before the first read), unlogged: argv holds the reads alone.
    writeFileSync(bin, `#!/bin/sh\nif [ "$1" = ls ]; then exit 0; fi\necho "$@" >> "${dir.root}/argv"\n${script}\n`);
    chmodSync(bin, 0o755);
    return { ...dir, bin };
  }
  const gopassApi = (bin: string, timeout_ms?: number) =>
    SecretsApi.fromConfigData(
      { stores: { red: { backend: 'gopass', root: 'mxm/red', ...(timeout_ms === undefined ? {} : { timeout_ms }) } }, policies: { p: { allowed_principals: ['research'] } }, refs: { t: { store: 'red', path: 'api/token', policy: 'p' } } },
      { backends: [new GopassSecretBackend(bin)], identity: identity('research') },
    );

  it('accepts a store root with a trailing slash, as mxm-secrets does', async () => {
    const fake = fakeGopass('printf "v"');
    try {
      const api = SecretsApi.fromConfigData(
        { stores: { red: { backend: 'gopass', root: 'mxm/red/' } }, policies: { p: { allowed_principals: ['research'] } }, refs: { t: { store: 'red', path: 'api/token', policy: 'p' } } },
        { backends: [new GopassSecretBackend(fake.bin)], identity: identity('research') },
      );
      expect(await api.getSecret('t')).toBe('v');
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(join(fake.root, 'argv'), 'utf8')).toBe('show -- mxm/red/api/token\n');
    } finally {
      fake.cleanup();
    }
  });
  it('runs gopass show -- root/path and strips surrounding whitespace', async () => {
    const fake = fakeGopass('printf "v1\\nv2\\n"');
    try {
      expect(await gopassApi(fake.bin).getSecret('t')).toBe('v1\nv2');
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(join(fake.root, 'argv'), 'utf8')).toBe('show -- mxm/red/api/token\n');
    } finally {
      fake.cleanup();
    }
  });
  it('maps exit 10 to not found and 11 to a failed decryption, never echoing output', async () => {
    const notFound = fakeGopass(`echo "${CANARY}" >&2; exit 10`);
    const decrypt = fakeGopass(`echo "${CANARY}"; exit 11`);
    try {
      expect((await rejection(gopassApi(notFound.bin).getSecret('t'))).code).toBe('SECRET_NOT_FOUND');
      const failed = await rejection(gopassApi(decrypt.bin).getSecret('t'));
      expect(failed.code).toBe('SECRET_BACKEND_FAILED');
      expect(failed.message).not.toContain(CANARY);
    } finally {
      notFound.cleanup();
      decrypt.cleanup();
    }
  });
  it('reports a missing binary as unavailable', async () => {
    expect((await rejection(gopassApi('/nonexistent/gopass').getSecret('t'))).code).toBe('SECRET_BACKEND_UNAVAILABLE');
  });
  // A hanging backend, every exit code and odd outputs: test/reliability/secrets.test.ts.
});
