// @otel-lab/logql: a LogQL engine with no I/O. It parses with Grafana's Lezer grammar
// (@grafana/lezer-logql) and evaluates over a small LogStorage interface, reusing the PromQL
// package's label sets, regex engine and aggregation code where the semantics agree.
export type { LineFilter, LogEntry, LogSelection, LogStorage } from './storage';
