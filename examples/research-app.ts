/**
 * The example application: it receives its services by injection and never discovers, loads or
 * constructs anything itself.
 */
import { inject, injectable } from 'inversify';
import { DATABASES, PATHS, SECRETS, type DatabasesApi, type RuntimePaths, type SecretsApi } from '../src/index.js';
import { REPORT_SINK, type ReportSink } from './report-sink.js';

/** A research job that reads reference data. */
@injectable()
export class ResearchApp {
  constructor(
    @inject(SECRETS) private readonly secrets: SecretsApi,
    @inject(PATHS) private readonly paths: RuntimePaths,
    @inject(DATABASES) private readonly databases: DatabasesApi,
    @inject(REPORT_SINK) private readonly reports: ReportSink,
  ) {}

  /** What the job would connect to and where it would write; the password stays redacted. */
  async plan(): Promise<string[]> {
    const refdata = this.databases.get('refdata');
    const credentials = await this.databases.credentials('refdata');
    return [
      this.reports.render('refdata', { host: refdata['host'], database: refdata['database'], user: credentials.username, password: String(credentials.password) }),
      this.reports.render('output', { data: this.paths.dataRoot, artifacts: this.paths.artifactRoot }),
      this.reports.render('secrets', { readable: this.secrets.list().filter((s) => s.allowed).map((s) => s.name).join(',') }),
    ];
  }
}
