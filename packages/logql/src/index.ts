// @otel-lab/logql: a LogQL engine with no I/O. It parses with Grafana's Lezer grammar
// (@grafana/lezer-logql) and evaluates over a small LogStorage interface, reusing the PromQL
// package's label sets, regex engine and aggregation code where the semantics agree.
export type * from './ast';
export { isLogExpr } from './ast';
export { parseBytes, parseDurationNs, parseFloatGo } from './parse/literals';
export { LogqlParseError } from './parse/parse-error';
export type { ParseOptions } from './parse/parser';
export { MAX_QUERY_LENGTH, parseExpr } from './parse/parser';
export { errAtLeastOneEqualityMatcher } from './parse/validate';
export type { LineFilter, LogEntry, LogSelection, LogStorage } from './storage';
