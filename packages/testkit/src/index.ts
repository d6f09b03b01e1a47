export type { ApiResult } from './api-result-difference.js';
export { differenceOf } from './api-result-difference.js';
export type { BackendProcess } from './backend-process.js';
export { startBackendProcess } from './backend-process.js';
export { CHROMIUM, launchChromium } from './chromium.js';
export type { HandlerServer, RouteHandler } from './handler-server.js';
export { serveHandler } from './handler-server.js';
export type { CallResult } from './http-call.js';
export { call, postJson } from './http-call.js';
export type { DatasetOptions } from './openmetrics-dataset.js';
export { DATASET_BUCKETS, openMetricsDataset } from './openmetrics-dataset.js';
export type { FlatLog, FlatSpan } from './otlp-json.js';
export { attributesOf, logsOf, resourcesOf, spansOf } from './otlp-json.js';
export type { OtlpSink, ReceivedExport, Signal } from './otlp-sink.js';
export { startOtlpSink } from './otlp-sink.js';
export {
  DASHBOARD_QUERIES,
  EMPTY,
  LAB_QUERIES,
  MIXED_QUERIES,
  ORDERED,
} from './promql-reference-queries.js';
export type { RealAlertmanager } from './real-alertmanager.js';
export { ALERTMANAGER_BIN, AMTOOL_BIN, startRealAlertmanager } from './real-alertmanager.js';
export type { RealPrometheus } from './real-prometheus.js';
export {
  hasRealPrometheus,
  PROMETHEUS_BIN,
  PROMTOOL_BIN,
  startRealPrometheus,
} from './real-prometheus.js';
export { skipWithout } from './require-binary.js';
export { seededRandom } from './seeded-random.js';
export type { ServiceProcess, StartServiceOptions } from './service-process.js';
export { exportingServiceEnv, freePort, startServiceProcess } from './service-process.js';
export type { LezerCorpusCase, SharedConformance } from './shared-conformance.js';
export { readLezerCorpus, sharedConformance } from './shared-conformance.js';
export type { TreeSpan } from './span-tree.js';
export { describeTree } from './span-tree.js';
