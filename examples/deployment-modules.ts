/**
 * The example's deployment modules: one per deployment, selected by substrate. The default module
 * binds the text sink; the docker module rebinds it to JSON lines — services layer as config does.
 */
import { defineDeploymentModule } from '../src/index.js';
import { JsonLinesReportSink, REPORT_SINK, TextReportSink } from './report-sink.js';

/** Every deployment: reports as text. */
export const baseModule = defineDeploymentModule({ name: 'demo:base' }, (bind) => {
  bind(REPORT_SINK).toConstantValue(new TextReportSink());
});

/** Running as a local process: nothing to change but the name in the snapshot. */
export const localModule = defineDeploymentModule({ name: 'demo:local', when: { substrate: 'local-process' } }, (bind) => {
  bind(REPORT_SINK).toConstantValue(new TextReportSink());
});

/** Running in Docker: reports as JSON lines for the log collector. */
export const dockerModule = defineDeploymentModule({ name: 'demo:docker', when: { substrate: 'docker' } }, (bind) => {
  bind(REPORT_SINK).toConstantValue(new JsonLinesReportSink());
});

/** All of the example's modules; the context loads those whose selector matches. */
export const deploymentModules = [baseModule, localModule, dockerModule];
