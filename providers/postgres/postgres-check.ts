/**
 * The `doctor` check of one PostgreSQL database: take a connection from its pool and run
 * `SELECT 1`, within a time limit, and say why it failed in one word and one sentence.
 *
 * The pool is resolved through its token when the check runs, so a pool a deployment module
 * rebound (another host, a test double) is the one checked.
 */
import type { ServiceCheck, ServiceCheckResult } from '../../src/container/services.js';
import { MxmError } from '../../src/errors/mxm-error.js';
import { SecretAccessDeniedError, SecretsError } from '../../src/secrets/secrets-errors.js';
import { PostgresConnectionError, PostgresPoolDisposedError, type PostgresConnectionFailure } from './postgres-errors.js';
import { describeTarget, type PostgresSettings } from './postgres-settings.js';

/** Time `SELECT 1` may take once connected, on top of the database's connect_timeout_ms. */
export const CHECK_QUERY_TIMEOUT_MS = 5_000;

/** What a check needs of a pool: a query. */
export interface Queryable {
  query(config: { text: string; query_timeout?: number }): Promise<unknown>;
}

const REASONS: Readonly<Record<PostgresConnectionFailure, string>> = {
  refused: 'refused',
  unreachable: 'unreachable',
  auth_failed: 'auth failed',
  timeout: 'timeout',
  pool_exhausted: 'timeout',
  rejected: 'rejected',
  failed: 'failed',
};

/** The check of one database; `pool` resolves whatever is bound under its token now. Its `run` never throws. */
export function postgresCheck(settings: PostgresSettings, pool: () => Queryable): ServiceCheck {
  return {
    run: async () => {
      const limitMs = settings.connectTimeoutMs + CHECK_QUERY_TIMEOUT_MS;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new PostgresConnectionError('timeout', settings.name, describeTarget(settings), `no answer to SELECT 1 within ${limitMs} ms.`)), limitMs);
      });
      try {
        await Promise.race([pool().query({ text: 'SELECT 1', query_timeout: CHECK_QUERY_TIMEOUT_MS }), deadline]);
        return { ok: true, detail: `${describeTarget(settings)}: connected, SELECT 1 answered` };
      } catch (error) {
        return failed(error);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function failed(error: unknown): ServiceCheckResult {
  if (error instanceof PostgresConnectionError) return { ok: false, reason: REASONS[error.failure], detail: error.message };
  if (error instanceof SecretAccessDeniedError) return { ok: false, reason: 'denied secret', detail: error.message };
  if (error instanceof SecretsError) return { ok: false, reason: 'secret unavailable', detail: error.message };
  if (error instanceof PostgresPoolDisposedError) return { ok: false, reason: 'disposed', detail: error.message };
  if (error instanceof MxmError) return { ok: false, reason: 'failed', detail: error.message };
  // A query error from the server (or a rebound test double): its code only, never its text.
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '57014' || (error instanceof Error && error.message === 'Query read timeout')) return { ok: false, reason: 'timeout', detail: 'SELECT 1 was cancelled: it ran out of time.' };
  return { ok: false, reason: 'failed', detail: `SELECT 1 failed (${typeof code === 'string' ? code : error instanceof Error ? error.name : typeof error}).` };
}
