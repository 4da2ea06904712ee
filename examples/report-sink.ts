/** The example application's own service: where it sends reports. Deployments choose the implementation. */
import { createToken } from '../src/index.js';

/** Receives report lines. */
export interface ReportSink {
  readonly format: 'text' | 'json-lines';
  render(event: string, fields: Readonly<Record<string, unknown>>): string;
}

/** The token the application injects. */
export const REPORT_SINK = createToken<ReportSink>('demo.report-sink', { definedIn: 'examples/report-sink.ts' });

/** Plain text, for a person at a terminal. */
export class TextReportSink implements ReportSink {
  readonly format = 'text';
  render(event: string, fields: Readonly<Record<string, unknown>>): string {
    return `${event}: ${Object.entries(fields).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`;
  }
}

/** JSON lines, for a container's log collector. */
export class JsonLinesReportSink implements ReportSink {
  readonly format = 'json-lines';
  render(event: string, fields: Readonly<Record<string, unknown>>): string {
    return JSON.stringify({ event, ...fields });
  }
}
