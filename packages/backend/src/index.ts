export type { BackendConfig } from './config.js';
export { BACKEND_HELP, parseBackendArgs, parseDuration, parseSize } from './config.js';
export type { Labels, SampleBatch } from './metrics/sample.js';
export { sortedLabels } from './metrics/sample.js';
export { SampleBatchBuilder } from './metrics/sample-batch-builder.js';
export type { TelemetryStore } from './storage/telemetry-store.js';
export { DATABASE_FILE, openTelemetryStore } from './storage/telemetry-store.js';
