/**
 * The inversify this package runs with must be the major version it was built for.
 *
 * inversify is a peer dependency: the application's copy is the one the container uses, so the
 * application's own `@injectable()` classes and ours agree. An install that ignores peer
 * dependencies (`--legacy-peer-deps`, an old lockfile) can leave another major version in its
 * place, which fails later and obscurely (metadata one version wrote that the other cannot read).
 *
 * The package's bundle carries its own inversify 8; the application's copy (for its decorators) and
 * the bundled one agree within a major version, since inversify 8 keeps class metadata in
 * reflect-metadata under string keys and recognises its objects by `Symbol.for` marks, not
 * `instanceof`. So the check is the same bundled or not: the inversify the application installed
 * must be the supported major version.
 * Owns: finding the inversify that resolves from here and naming a mismatch before anything binds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MxmError, keepClassNames } from '../errors/mxm-error.js';

/** The inversify major version this package supports; keep equal to the peer dependency's. */
export const SUPPORTED_INVERSIFY_MAJOR = 8;

/** The installed inversify does not match the supported major version. */
export class InversifyVersionError extends MxmError {
  constructor(found: string, where: string) {
    super(
      'INVERSIFY_VERSION_MISMATCH',
      `mxm-runtime needs inversify ${SUPPORTED_INVERSIFY_MAJOR}.x (a peer dependency), but inversify ${found} is installed at ${where}.\n` +
        `  Two inversify versions fail obscurely: classes one decorates are unknown to the other's container.\n` +
        `  Install one copy for the whole application: npm install inversify@^${SUPPORTED_INVERSIFY_MAJOR}`,
    );
  }
}

/** The inversify that Node resolves from `fromDir` (its package.json path and version), if any. */
export function findInversify(fromDir: string): { readonly packageJson: string; readonly version: string } | undefined {
  // Node resolves a bare specifier by walking up node_modules folders; inversify's exports do not
  // expose its package.json, so the folder is found the same way rather than through exports.
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const packageJson = join(dir, 'node_modules', 'inversify', 'package.json');
    if (existsSync(packageJson)) {
      const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown };
      return { packageJson, version: typeof version === 'string' ? version : 'unknown' };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

let checked = false;

/**
 * Set by the bundler (scripts/bundle.mjs) in the CLI's bundle only, to the version of the inversify
 * inside it: the CLI binds no application class, so whatever node_modules holds does not matter.
 */
declare const MXM_BUNDLED_INVERSIFY: string | undefined;

/**
 * Checks once per process that the inversify resolving from `fromDir` (default: this package) is
 * the supported major version. Says nothing when it cannot tell (a bundle with inversify inside).
 *
 * @throws {InversifyVersionError} naming the version found, where, and the install that fixes it.
 */
export function checkInversifyVersion(fromDir?: string): void {
  if (fromDir === undefined && checked) return;
  const bundled = fromDir === undefined && typeof MXM_BUNDLED_INVERSIFY === 'string' ? MXM_BUNDLED_INVERSIFY : undefined;
  const start = bundled !== undefined ? undefined : (fromDir ?? hereDir());
  const found = bundled !== undefined ? { packageJson: 'inversify/package.json (bundled)', version: bundled } : start === undefined ? undefined : findInversify(start);
  if (found !== undefined && Number.parseInt(found.version, 10) !== SUPPORTED_INVERSIFY_MAJOR) throw new InversifyVersionError(found.version, dirname(found.packageJson));
  if (fromDir === undefined) checked = true;
}

function hereDir(): string | undefined {
  // Inside a CommonJS bundle import.meta.url is empty: there is nothing to check against.
  const url = import.meta.url as string | undefined;
  return url === undefined || !url.startsWith('file:') ? undefined : dirname(fileURLToPath(url));
}

keepClassNames({ InversifyVersionError });
