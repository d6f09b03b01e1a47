// @otel-lab/traceql: TraceQL text to a typed tree with Grafana's Lezer grammar
// (@grafana/lezer-traceql), with Tempo-style parse errors, and the evaluator that runs a query on
// one trace as Tempo's engine does. No I/O.
export type * from './ast';
export { KINDS_BY_OTLP_CODE, STATUSES_BY_OTLP_CODE } from './ast';
export { TraceqlEvalError } from './eval/eval-error';
export {
  evaluateTrace,
  fieldValue,
  isSearchQuery,
  matchingSpans,
} from './eval/evaluate-trace';
export type { FieldValue, MatchedSpan, NamedValue, Spanset } from './eval/field-value';
export type * from './eval/trace-model';
export { TraceqlParseError } from './parse/parse-error';
export { parseTraceql } from './parse/parser';
