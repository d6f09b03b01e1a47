/**
 * Metric ingest, storage-independent: every source turns its input into SampleBatch values and
 * hands them to a SampleSink (the storage writer). Sources: the Prometheus scraper, the OTLP
 * metrics translation, and the span metrics / service graph stage.
 */
export type {
  ExposedSample,
  ExpositionFormat,
  ExpositionLimits,
  ParsedExposition,
  ParseExpositionOptions,
} from './exposition.js';
export {
  DEFAULT_EXPOSITION_LIMITS,
  ExpositionParseError,
  expositionFormatOf,
} from './exposition.js';
export { parseExposition } from './exposition-parser.js';
export { formatGoFloatF, formatGoFloatG, formatOpenMetricsFloat } from './go-float-format.js';
export { parseGoFloat } from './go-float-parse.js';
export type { SparseBuckets } from './otlp-exponential-buckets.js';
export { exponentialBucketsLayout } from './otlp-exponential-buckets.js';
export type { ExponentialConversion } from './otlp-exponential-histogram.js';
export { exponentialToFloatHistogram, OTLP_ZERO_THRESHOLD } from './otlp-exponential-histogram.js';
export type { OtlpTranslateOptions, OtlpTranslation } from './otlp-metrics-to-samples.js';
export { translateOtlpMetrics } from './otlp-metrics-to-samples.js';
export { formatPrometheusDuration, parsePrometheusDuration } from './prometheus-duration.js';
export type {
  Labels,
  MetricMetadata,
  MetricType,
  SampleBatch,
  SampleExemplar,
  SampleSink,
  SeriesSamples,
} from './sample.js';
export {
  compareCodeUnits,
  isStaleAt,
  STALE_NAN_HIGH_WORD,
  STALE_NAN_LOW_WORD,
  seriesKey,
  sortedLabels,
  writeStaleAt,
} from './sample.js';
export { SampleBatchBuilder } from './sample-batch-builder.js';
export type {
  LabTargets,
  ScrapeConfig,
  ScrapeConfigResult,
  ScrapeJobConfig,
  StaticTargetGroup,
} from './scrape-config.js';
export { defaultScrapeConfig, parseScrapeConfig } from './scrape-config.js';
export type { ScrapeLoop, ScrapeLoopOptions, TargetHealth } from './scrape-loop.js';
export { createScrapeLoop } from './scrape-loop.js';
export type { ScrapeManager } from './scrape-manager.js';
export { createScrapeManager } from './scrape-manager.js';
export type { ScrapeOutcome } from './scrape-samples.js';
export { ScrapeSeriesCache } from './scrape-samples.js';
export type { ScrapeTarget } from './scrape-target.js';
export { SCRAPE_ACCEPT_HEADER, scrapeTargetsOf } from './scrape-target.js';
export type { ServiceGraphOptions } from './service-graph.js';
export { ServiceGraphAggregator } from './service-graph.js';
export type {
  SpanDerivedMetrics,
  SpanDerivedMetricsOptions,
  SpanDerivedMetricsStats,
} from './span-derived-metrics.js';
export { createSpanDerivedMetrics } from './span-derived-metrics.js';
export type { SpanMetricsOptions } from './span-metrics.js';
export { SPAN_METRICS_BUCKETS_SECONDS, SpanMetricsAggregator } from './span-metrics.js';
