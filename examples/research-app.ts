/**
 * The example application: it receives its services by injection and never discovers, loads or
 * constructs anything itself — not even its database client.
 */
import { inject, injectable } from 'inversify';
import type { Pool } from 'pg';
import { DATABASES, MxmError, PATHS, SECRETS, type DatabasesApi, type RuntimePaths, type SecretsApi } from '../src/index.js';
import { postgresPool } from '../providers/postgres/index.js';
import { REPORT_SINK, type ReportSink } from './report-sink.js';

/** A research job that reads reference data. */
@injectable()
export class ResearchApp {
  constructor(
    @inject(SECRETS) private readonly secrets: SecretsApi,
    @inject(PATHS) private readonly paths: RuntimePaths,
    @inject(DATABASES) private readonly databases: DatabasesApi,
    @inject(REPORT_SINK) private readonly reports: ReportSink,
    @inject(postgresPool('refdata')) private readonly refdata: Pool,
  ) {}

  /** What the job would connect to and where it would write; the password stays redacted. */
  async plan(): Promise<string[]> {
    const refdata = this.databases.get('refdata');
    const credentials = await this.databases.credentials('refdata');
    return [
      this.reports.render('refdata', { host: refdata['host'], database: refdata['database'], user: credentials.username, password: String(credentials.password) }),
      this.reports.render('output', { data: this.paths.dataRoot, artifacts: this.paths.artifactRoot }),
      this.reports.render('secrets', { readable: this.secrets.list().filter((s) => s.allowed).map((s) => s.name).join(',') }),
      await this.queryRefdata(),
    ];
  }

  /** One query through the live pool when a server is reachable; otherwise why not (the job goes on). */
  async queryRefdata(): Promise<string> {
    try {
      const { rows } = await this.refdata.query<{ who: string; db: string; version: string }>("SELECT current_user AS who, current_database() AS db, current_setting('server_version') AS version");
      const row = rows[0] as { who: string; db: string; version: string };
      return this.reports.render('refdata-live', { connected: true, user: row.who, database: row.db, server: `PostgreSQL ${row.version}` });
    } catch (error) {
      if (!(error instanceof MxmError)) throw error;
      return this.reports.render('refdata-live', { connected: false, reason: error.code, note: 'not reachable; the example runs without it (REFDATA_HOST, REFDATA_PORT point it at a server)' });
    }
  }
}
