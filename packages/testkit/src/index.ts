export type { FlatLog, FlatSpan } from './otlp-json.js';
export { attributesOf, logsOf, resourcesOf, spansOf } from './otlp-json.js';
export type { OtlpSink, ReceivedExport, Signal } from './otlp-sink.js';
export { startOtlpSink } from './otlp-sink.js';
export type { ServiceProcess, StartServiceOptions } from './service-process.js';
export { freePort, startServiceProcess } from './service-process.js';
