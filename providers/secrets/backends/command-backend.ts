/**
 * What pass and gopass share: running `<program> show -- <root/path>` safely and mapping its
 * outcome to a value or a {@link BackendFailure}. The program's own output never reaches an error.
 */
import { existsSync } from 'node:fs';
import { BackendFailure, trimOneNewline, type BackendReadiness, type SecretBackend, type SecretLocation, type StoreDescriptor } from '../../../src/secrets/backend.js';
import { secretPathProblem } from '../../../src/secrets/names.js';
import { findExecutable, runCommand, type RunResult } from '../../../src/secrets/process-runner.js';

/** Default cap on a secret's size. */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

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
  protected abstract storeReadiness(store: StoreDescriptor): Promise<BackendReadiness>;

  async read(location: SecretLocation, limits: { readonly timeoutMs: number }): Promise<string> {
    const entry = location.root === '' ? location.path : `${location.root.replace(/\/+$/, '')}/${location.path}`;
    const maxOutputBytes = typeof location.options['max_output_bytes'] === 'number' ? location.options['max_output_bytes'] : DEFAULT_MAX_OUTPUT_BYTES;
    const result = await runCommand(this.program, this.showArgs(entry), { timeoutMs: limits.timeoutMs, maxOutputBytes, env: this.programEnv(location.options) });
    return this.valueOf(result);
  }

  private valueOf(result: RunResult): string {
    switch (result.kind) {
      case 'exited':
        if (result.code === 0) return trimOneNewline(result.stdout.toString('utf8'));
        throw this.failureOf(result.code, result.stderr.toString('utf8'));
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

  async checkReady(store: StoreDescriptor): Promise<BackendReadiness> {
    if (findExecutable(this.program, this.programEnv(store.options)) === undefined) {
      return { ready: false, reason: `${this.program} is not installed (not found on PATH)` };
    }
    return this.storeReadiness(store);
  }

  validateStore(store: StoreDescriptor): string[] {
    if (store.root === '') return [];
    const problem = secretPathProblem(store.root);
    return problem === undefined ? [] : [`root ${problem}`];
  }

  /** Whether a directory holds an initialised password store. */
  protected static initialised(dir: string): boolean {
    return existsSync(`${dir}/.gpg-id`);
  }
}
