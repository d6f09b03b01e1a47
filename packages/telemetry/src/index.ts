export type { HistogramAggregation, OtlpProtocol, TelemetryConfig } from './config.js';
export { readProtocol, readTelemetryConfig } from './config.js';
export type { ExportHealth, ExportWarningOptions } from './export-warning.js';
export { installExportWarning } from './export-warning.js';
export type { InMemoryTelemetry } from './in-memory-telemetry.js';
export { startInMemoryTelemetry } from './in-memory-telemetry.js';
export type { Telemetry, TelemetryOptions } from './start-telemetry.js';
export { startTelemetry } from './start-telemetry.js';
