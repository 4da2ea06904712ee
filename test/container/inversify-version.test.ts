/**
 * A mismatched inversify (another major version where the peer dependency should be) is named
 * before anything binds, instead of failing later and obscurely.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkInversifyVersion, findInversify, InversifyVersionError, SUPPORTED_INVERSIFY_MAJOR } from '../../src/container/inversify-version.js';

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  dirs = [];
});

/** An application folder with inversify `version` installed, and a nested folder to resolve from. */
function appWithInversify(version: string | undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'mxm-inversify-'));
  dirs.push(root);
  if (version !== undefined) {
    mkdirSync(join(root, 'node_modules', 'inversify'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'inversify', 'package.json'), JSON.stringify({ name: 'inversify', version }));
  }
  const from = join(root, 'node_modules', 'mxm-runtime', 'dist', 'src', 'container');
  mkdirSync(from, { recursive: true });
  return from;
}

describe('checkInversifyVersion', () => {
  it('names the version found, where, and the install that fixes it, for inversify 7', () => {
    const from = appWithInversify('7.10.4');
    let error: unknown;
    try {
      checkInversifyVersion(from);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InversifyVersionError);
    expect((error as InversifyVersionError).code).toBe('INVERSIFY_VERSION_MISMATCH');
    expect((error as Error).message).toContain('inversify 7.10.4 is installed at');
    expect((error as Error).message).toContain(join('node_modules', 'inversify'));
    expect((error as Error).message).toContain('npm install inversify@^8');
  });

  it('accepts inversify 8', () => {
    expect(() => checkInversifyVersion(appWithInversify('8.2.3'))).not.toThrow();
  });

  it('says nothing when no inversify resolves from the folder (it cannot tell)', () => {
    const from = appWithInversify(undefined);
    expect(findInversify(from)).toBeUndefined();
    expect(() => checkInversifyVersion(from)).not.toThrow();
  });

  it('checks this repository against the version the peer dependency names', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
    expect(pkg.peerDependencies['inversify']).toMatch(new RegExp(`^\\^${SUPPORTED_INVERSIFY_MAJOR}\\.`));
    expect(() => checkInversifyVersion(import.meta.dirname)).not.toThrow();
  });
});
