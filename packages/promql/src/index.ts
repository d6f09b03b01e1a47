// @otel-lab/promql: a PromQL engine with no I/O. It parses with Prometheus's official Lezer grammar and
// evaluates over a small Storage interface. The evaluator is written by hand because no JavaScript
// library evaluates PromQL; it follows Prometheus 3's semantics and is checked against Prometheus's own
// promqltest scripts (see promqltest/ and the conformance CLI).
export type {
  AggregateExpr,
  BinaryExpr,
  Call,
  Expr,
  LabelMatcher,
  MatchType,
  MatrixSelector,
  SubqueryExpr,
  ValueType,
  VectorMatching,
  VectorSelector,
} from './ast';
export { children } from './ast';
export type {
  InstantSample,
  QueryAnnotations,
  QueryOptions,
  QueryResult,
  RangeSeries,
} from './engine';
export { instantQuery, parseSeriesSelector, rangeQuery } from './engine';
export type { PromqlErrorType } from './errors';
export { PromqlError } from './errors';
// The evaluator's building blocks, for the LogQL engine's metric queries (same semantics, one copy).
export { aggregateSeriesWise } from './evaluate/aggregate-series';
export { aggregateStep, Grouper } from './evaluate/aggregations';
export type { MatchingSignature, ResultMetricCache } from './evaluate/binary';
export { scalarOp, signatureFunction, vectorBinop } from './evaluate/binary';
export {
  setOperationSeries,
  vectorScalarSeries,
  vectorVectorSeries,
} from './evaluate/binary-series';
export { labelReplace } from './evaluate/label-functions';
export type { StepRange } from './evaluate/range-eval';
export { rangeEval } from './evaluate/range-eval';
export type { EvalSeries, Matrix, Sample, Vector } from './evaluate/values';
export type { ApiData, ApiSample, ApiSeries } from './format';
export { formatApiData, formatApiDataJson, formatSampleValue, formatTimestamp } from './format';
export type { ApiHistogram, BoundaryRule } from './format-histogram';
export { formatHistogram } from './format-histogram';
export { addHistograms, subtractHistograms } from './histogram/add';
export type { Bucket } from './histogram/bucket-iterator';
export { allBuckets } from './histogram/bucket-iterator';
export { compactHistogram } from './histogram/compact';
export { histogramsEqual } from './histogram/equals';
export type { BucketSpan, CounterResetHint, FloatHistogram } from './histogram/float-histogram';
export {
  CUSTOM_BUCKETS_SCHEMA,
  MAX_EXPONENTIAL_SCHEMA,
  MIN_EXPONENTIAL_SCHEMA,
} from './histogram/float-histogram';
export { histogramQuantile } from './histogram/quantile';
export { histogramSampleSize, histogramSampleSizeOf } from './histogram/sample-size';
export {
  assignStoredResetHints,
  storedResetHint,
  withStoredResetHints,
} from './histogram/stored-reset-hint';
export { validateHistogram } from './histogram/validate';
export type { Label, Labels } from './labels';
export { compareLabels, labelsFromRecord, labelsKey, labelsToRecord } from './labels';
export { madeOnRead } from './made-on-read';
export { MemoryStorage } from './memory-storage';
export { typeOf } from './parse/check-types';
export type { FunctionSignature } from './parse/function-signatures';
export { functionSignatures } from './parse/function-signatures';
export { LiteralError, unquoteString } from './parse/literals';
export { PromqlParseError } from './parse/parse-error';
export type { ParseOptions } from './parse/parser';
export { parseExpr } from './parse/parser';
export type { CaseOutcome, CaseStatus, RunOptions } from './promqltest/runner';
export { runScript } from './promqltest/runner';
export type { SequenceValue, SeriesDescription } from './promqltest/series-notation';
export { NotationError, parseSeriesDescription } from './promqltest/series-notation';
export type { LoadableStorage } from './promqltest/test-storage';
export type { AnchoredRegex } from './regex/anchored-regex';
export {
  compileAnchored,
  MAX_REGEX_INSTRUCTIONS,
  RegexSyntaxError,
} from './regex/anchored-regex';
export type { Storage, StoredHistograms, StoredSeries } from './storage';
export { isStaleMarkerAt, matchesAll, matchesMatcher, writeStaleMarker } from './storage';
