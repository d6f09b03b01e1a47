export type { BackendConfig } from './config.js';
export { BACKEND_HELP, parseBackendArgs, parseDuration, parseSize } from './config.js';
// For bench:decoded-size, which measures what a decoded request holds.
export { translateOtlpMetrics } from './metrics/otlp-metrics-to-samples.js';
export type { Labels, SampleBatch } from './metrics/sample.js';
export { sortedLabels } from './metrics/sample.js';
export { SampleBatchBuilder } from './metrics/sample-batch-builder.js';
// The LogQL engine's DuckDB storage, for benchmarks that read it without HTTP.
export type { DuckDbLogStorage } from './query/loki/duckdb-log-storage.js';
export { createDuckDbLogStorage } from './query/loki/duckdb-log-storage.js';
// For bench:rules, which evaluates a rule group over the store as the backend does.
export { createSeriesSource } from './query/prometheus/series-source.js';
export { decodeTraces } from './receive/decode-traces.js';
export { applyIngestLimits, DEFAULT_INGEST_LIMITS } from './receive/ingest-limits.js';
export { DECODED_BYTES_PER_BODY_BYTE } from './receive/request-memory.js';
export { createRuleManager } from './rules/eval/index.js';
export { parseRuleFile } from './rules/parse-rule-file.js';
export type { Rule, RuleGroup } from './rules/rule-types.js';
export type { TelemetryStore } from './storage/telemetry-store.js';
export { DATABASE_FILE, openTelemetryStore } from './storage/telemetry-store.js';
