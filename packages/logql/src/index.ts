// @otel-lab/logql: a LogQL engine with no I/O. It parses with Grafana's Lezer grammar
// (@grafana/lezer-logql) and evaluates over a small LogStorage interface, reusing the PromQL
// package's label sets, regex engine and aggregation code where the semantics agree.
export type * from './ast';
export { isLogExpr } from './ast';
export type {
  LogQueryOptions,
  LogQueryResult,
  ResultEntry,
  ResultStream,
} from './evaluate/log-query';
export { categorizedStreams, evaluateLogQuery } from './evaluate/log-query';
export { MemoryLogStorage } from './memory-storage';
export type { MetricErrorKind } from './metric/metric-errors';
export { MetricQueryError } from './metric/metric-errors';
export type {
  InstantQueryOptions,
  InstantResult,
  InstantSample,
  MetricStats,
  RangeQueryOptions,
  RangeResult,
  SeriesPoints,
} from './metric/metric-query';
export { evaluateInstantQuery, evaluateRangeQuery } from './metric/metric-query';
export type { MetricLimits } from './metric/query-context';
export { DEFAULT_MAX_SAMPLES, DEFAULT_MAX_SERIES, MAX_STEPS } from './metric/query-context';
export { parseBytes, parseDurationNs, parseFloatGo, parseGoDurationNs } from './parse/literals';
export { LogqlParseError } from './parse/parse-error';
export type { ParseOptions } from './parse/parser';
export { MAX_QUERY_LENGTH, parseExpr } from './parse/parser';
export { errAtLeastOneEqualityMatcher } from './parse/validate';
export type { LabelTest } from './pipeline/label-filter';
export { compileLabelFilter } from './pipeline/label-filter';
export type { CategorizedLabels, LabelCategory } from './pipeline/labels-builder';
export {
  DUPLICATE_SUFFIX,
  ERROR_DETAILS_LABEL,
  ERROR_LABEL,
  flattenLabels,
  LabelsBuilder,
} from './pipeline/labels-builder';
export type { Pipeline, PipelineWithBuilder, ProcessedEntry } from './pipeline/pipeline';
export {
  compilePipeline,
  compilePipelineWithBuilder,
  pushdownLineFilters,
} from './pipeline/pipeline';
export type { EntryState } from './pipeline/stage';
export {
  JSON_PARSER_ERR,
  LABEL_FILTER_ERR,
  LOGFMT_PARSER_ERR,
  SAMPLE_EXTRACTION_ERR,
  StageError,
  TEMPLATE_FORMAT_ERR,
} from './pipeline/stage';
export type {
  BucketCount,
  BucketSelection,
  LineFilter,
  LogEntry,
  LogProjection,
  LogSelection,
  LogStorage,
} from './storage';
