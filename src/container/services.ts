/**
 * Contracts of the path and database services, and of the checks a live service offers `doctor`.
 * Their providers live in providers/; the core only knows these shapes.
 */
import type { Redacted } from '../secrets/redacted.js';

/** Where data and artefacts live: absolute, `~` expanded. */
export interface RuntimePaths {
  readonly dataRoot: string;
  readonly artifactRoot: string;
  readonly exportRoot: string;
  readonly logRoot: string;
}

/** The settings of one database, as configured (never its password). */
export type DatabaseSettings = Readonly<Record<string, unknown>>;

/** Credentials of a database, resolved through the secrets service when asked for. */
export interface DatabaseCredentials {
  readonly username?: string | undefined;
  /** The password; prints as `<redacted>`, read it with `.reveal()`. */
  readonly password: Redacted;
}

/** Named database settings of `mxm_databases`. */
export interface DatabasesApi {
  /** Database names, sorted. */
  names(): string[];
  /**
   * The settings of one database.
   * @throws {MxmError} `DATABASE_UNKNOWN` naming the database and the available ones.
   */
  get(name: string): DatabaseSettings;
  /**
   * Resolves the database's password secret through the secrets service, with its policy.
   * @throws {MxmError} `DATABASE_UNKNOWN`, `DATABASE_NO_SECRET`, or any secrets error.
   */
  credentials(name: string): Promise<DatabaseCredentials>;
}

/** The outcome of one {@link ServiceCheck}. */
export interface ServiceCheckResult {
  readonly ok: boolean;
  /** What was checked and, on failure, why it failed; never a secret or a backend's raw output. */
  readonly detail: string;
  /** On failure: a short, stable reason (`refused`, `auth failed`, `timeout`, `denied secret`, …). */
  readonly reason?: string | undefined;
}

/**
 * A check of a live service (a database pool: connect and `SELECT 1`), bound under
 * `serviceCheckToken(name)`; `mxm-runtime doctor` runs every bound check.
 */
export interface ServiceCheck {
  /** Runs the check within its own time limit. Never throws: a failure is a result. */
  run(): Promise<ServiceCheckResult>;
}
