/**
 * The gopass backend (mxm-secrets' original): runs `gopass show -- <root/path>`.
 * Exit codes: 10 not found, 11 decryption failed. Readiness runs `gopass ls --flat`.
 * The constructor may name another executable (tests use a stand-in with gopass's contract).
 */
import { BackendFailure, type BackendReadiness, type StoreDescriptor } from '../../../src/secrets/backend.js';
import { runCommand } from '../../../src/secrets/process-runner.js';
import { CommandSecretBackend } from './command-backend.js';

/** gopass's exit code for a missing entry. */
export const GOPASS_EXIT_NOT_FOUND = 10;
/** gopass's exit code for a failed decryption. */
export const GOPASS_EXIT_DECRYPT = 11;

/** Secrets from gopass. */
export class GopassSecretBackend extends CommandSecretBackend {
  readonly name = 'gopass';
  protected readonly program: string;

  constructor(program = 'gopass') {
    super();
    this.program = program;
  }

  protected showArgs(entry: string): string[] {
    return ['show', '--', entry];
  }

  protected programEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['GPG_TTY'];
    return env;
  }

  protected failureOf(code: number): BackendFailure {
    if (code === GOPASS_EXIT_NOT_FOUND) return new BackendFailure('not_found', 'not in the store');
    if (code === GOPASS_EXIT_DECRYPT) return new BackendFailure('failed', 'decryption failed');
    return new BackendFailure('failed', `gopass exited with code ${code}`);
  }

  protected async storeReadiness(_store: StoreDescriptor, signal: AbortSignal | undefined): Promise<BackendReadiness> {
    const result = await runCommand(this.program, ['ls', '--flat'], { timeoutMs: 10_000, maxOutputBytes: 4 * 1024 * 1024, env: this.programEnv(), signal });
    if (result.kind === 'exited' && result.code === 0) return { ready: true };
    return { ready: false, reason: result.kind === 'exited' ? `gopass ls exited with code ${result.code}` : `gopass ls failed (${result.kind})` };
  }
}
