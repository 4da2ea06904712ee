/**
 * Turning what pg throws while opening a connection into a {@link PostgresConnectionError} of
 * one kind. Only error codes (errno, SQLSTATE) and pg's own fixed timeout texts are read: the
 * driver's message is never repeated, because it can quote a connection string. Typed errors
 * (secrets errors, a disposed pool) pass through unchanged.
 */
import { MxmError } from '../../src/errors/mxm-error.js';
import { PostgresConnectionError, type PostgresConnectionFailure } from './postgres-errors.js';
import { describeTarget, type PostgresSettings } from './postgres-settings.js';

const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

/** SQLSTATEs a server answers a connection attempt with, and what they mean for the user. */
const REJECTIONS: Readonly<Record<string, string>> = {
  '3D000': 'the database does not exist on the server',
  '53300': 'the server has no connection slot left (too many connections)',
  '57P03': 'the server is starting up or shutting down',
  '42501': 'the role may not connect to this database',
};

/** The codes on an error and on the errors it aggregates (Node tries IPv6 and IPv4 for `localhost`). */
function codesOf(error: unknown): string[] {
  if (error === null || typeof error !== 'object') return [];
  const own = (error as { code?: unknown }).code;
  const nested = (error as { errors?: unknown }).errors;
  return [...(typeof own === 'string' ? [own] : []), ...(Array.isArray(nested) ? nested.flatMap(codesOf) : [])];
}

/** pg's fixed texts for a connection attempt that ran out of time. */
function isTimeout(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message === 'timeout expired' || e.message === 'Connection terminated due to connection timeout') return true;
  }
  return false;
}

/** Classifies a failure to open (or check out) a connection: returns the error to throw, throws nothing. */
export function connectionFailure(error: unknown, settings: PostgresSettings): Error {
  if (error instanceof MxmError) return error;
  const codes = codesOf(error);
  const fail = (kind: PostgresConnectionFailure, reason: string) => new PostgresConnectionError(kind, settings.name, describeTarget(settings), reason);
  if (error instanceof Error && error.message === 'timeout exceeded when trying to connect') {
    return fail('pool_exhausted', `no connection became free within ${settings.connectTimeoutMs} ms (connect_timeout_ms): all ${settings.poolSize} (pool_size) are in use.`);
  }
  if (isTimeout(error)) return fail('timeout', `no connection within ${settings.connectTimeoutMs} ms (connect_timeout_ms). Is the host right, and does a firewall drop the packets?`);
  if (codes.includes('ECONNREFUSED')) return fail('refused', `connection refused: nothing accepts connections at ${settings.host}:${settings.port}. Is the server running, on that port?`);
  if (codes.some((c) => UNREACHABLE.has(c))) return fail('unreachable', `host '${settings.host}' cannot be reached (${codes.find((c) => UNREACHABLE.has(c))}).`);
  if (codes.includes('28P01') || codes.includes('28000')) {
    const secret = settings.passwordSecret === undefined ? 'no password_secret is configured' : `the password comes from secret '${settings.passwordSecret}'`;
    return fail('auth_failed', `authentication failed for user '${settings.user}' (SQLSTATE ${codes.includes('28P01') ? '28P01' : '28000'}); ${secret}: does it match the role's password on the server?`);
  }
  const sqlstate = codes.find((c) => REJECTIONS[c] !== undefined);
  if (sqlstate !== undefined) return fail('rejected', `${REJECTIONS[sqlstate] as string} (SQLSTATE ${sqlstate}).`);
  const code = codes[0] ?? (error instanceof Error ? error.name : typeof error);
  return fail('failed', `the connection failed (${code}).`);
}
