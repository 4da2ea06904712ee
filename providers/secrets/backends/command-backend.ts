/**
 * What pass and gopass share: running `<program> show -- <root/path>` safely and mapping its
 * outcome to a value or a {@link BackendFailure}. The program's own output never reaches an error.
 */
import { existsSync } from 'node:fs';
import {
  BackendFailure,
  maxSecretBytes,
  secretText,
  type BackendReadiness,
  type ReadLimits,
  type SecretBackend,
  type SecretLocation,
  type StoreDescriptor,
} from '../../../src/secrets/backend.js';
import { secretPathProblem } from '../../../src/secrets/names.js';
import { findExecutable, runCommand, type RunResult } from '../../../src/secrets/process-runner.js';

/**
 * What `pass show` / `gopass show` print for a folder instead of a value: the folder's name, then a
 * tree of the entries in it (`├── `, `└── `, `│   `). Those are other secrets' names — perhaps of
 * other roles — so such output is refused, never returned. The box-drawing characters are written
 * as escapes: the bundles stay ASCII, which they must (scripts/bundle.mjs).
 */
const FOLDER_LISTING = /^[^\n]*\n(?:[\u2502 ]*[\u251c\u2514]\u2500\u2500 [^\n]*\n?)+$/u;

/** How long to wait before the one retry of a read its backend reported unavailable. */
const RETRY_PAUSE_MS = 200;

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** A backend that runs a password-store program. */
export abstract class CommandSecretBackend implements SecretBackend {
  abstract readonly name: string;
  /** The program (`pass`, `gopass`), looked up on PATH. */
  protected abstract readonly program: string;

  /** The arguments for reading one entry. */
  protected abstract showArgs(entry: string): string[];
  /** The environment the program runs with, from the store's options. */
  protected abstract programEnv(options: Readonly<Record<string, unknown>>): NodeJS.ProcessEnv;
  /** Maps a non-zero exit to a failure kind. */
  protected abstract failureOf(code: number, stderr: string): BackendFailure;
  /** Extra readiness checks once the program is found. */
  protected abstract storeReadiness(store: StoreDescriptor, signal: AbortSignal | undefined): Promise<BackendReadiness>;

  async read(location: SecretLocation, limits: ReadLimits): Promise<string> {
    const entry = location.root === '' ? location.path : `${location.root.replace(/\/+$/, '')}/${location.path}`;
    const folder = this.folderProblem(entry, location.options);
    if (folder !== undefined) throw new BackendFailure('failed', folder);
    const run = (): Promise<RunResult> =>
      runCommand(this.program, this.showArgs(entry), {
        timeoutMs: limits.timeoutMs,
        maxOutputBytes: maxSecretBytes(location.options),
        env: this.programEnv(location.options),
        signal: limits.signal,
      });
    try {
      return this.valueOf(await run());
    } catch (error) {
      // An overloaded agent gets one more try, after a short pause; then the read is reported unavailable.
      if (!(error instanceof BackendFailure) || error.kind !== 'unavailable' || limits.signal?.aborted === true) throw error;
      await pause(RETRY_PAUSE_MS, limits.signal);
      return this.valueOf(await run());
    }
  }

  /**
   * Why an entry is a folder rather than a secret, checked before the program runs where the
   * backend knows its store's layout; undefined when it is not known to be one.
   */
  protected folderProblem(_entry: string, _options: Readonly<Record<string, unknown>>): string | undefined {
    return undefined;
  }

  private valueOf(result: RunResult): string {
    switch (result.kind) {
      case 'exited': {
        if (result.code !== 0) throw this.failureOf(result.code, result.stderr.toString('utf8'));
        const text = secretText(result.stdout);
        // Checked again on the output, for stores whose layout is not known (gopass mounts).
        if (FOLDER_LISTING.test(text)) throw new BackendFailure('failed', 'the path names a folder of entries, not a secret (its listing is not returned)');
        // Surrounding whitespace stripped, as mxm-secrets strips gopass output (`.strip()`): a value
        // pasted with a stray space or blank line still authenticates; inner lines are kept.
        return text.trim();
      }
      case 'aborted':
        throw new BackendFailure('aborted', 'abandoned');
      case 'missing':
        throw new BackendFailure('unavailable', `${this.program} is not installed (not found on PATH)`);
      case 'timeout':
        throw new BackendFailure('timeout', 'timed out');
      case 'overflow':
        throw new BackendFailure('failed', 'output exceeded the size limit');
      case 'signal':
        throw new BackendFailure('failed', `${this.program} was killed by ${result.signal}`);
      default:
        throw new BackendFailure('unavailable', `${this.program} could not be started (${result.code})`);
    }
  }

  async checkReady(store: StoreDescriptor, options: { readonly signal?: AbortSignal | undefined } = {}): Promise<BackendReadiness> {
    if (findExecutable(this.program, this.programEnv(store.options)) === undefined) {
      return { ready: false, reason: `${this.program} is not installed (not found on PATH)` };
    }
    return this.storeReadiness(store, options.signal);
  }

  validateStore(store: StoreDescriptor): string[] {
    if (store.root === '') return [];
    // A trailing slash is accepted, as mxm-secrets accepts it (`root.rstrip('/')` when joining).
    const problem = secretPathProblem(store.root.replace(/\/+$/, ''));
    return problem === undefined ? [] : [`root ${problem}`];
  }

  /** Whether a directory holds an initialised password store. */
  protected static initialised(dir: string): boolean {
    return existsSync(`${dir}/.gpg-id`);
  }
}
