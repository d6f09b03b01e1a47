// @otel-lab/traceql: TraceQL text to a typed tree with Grafana's Lezer grammar
// (@grafana/lezer-traceql), with Tempo-style parse errors. No I/O.
export type * from './ast';
export type * from './eval/trace-model';
export { TraceqlParseError } from './parse/parse-error';
export { parseTraceql } from './parse/parser';
