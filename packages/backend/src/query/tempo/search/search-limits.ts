/**
 * The limits of one /api/search (README, Limits). Tempo's own defaults where it has one: 20 traces
 * and 3 spans per span set unless asked, at most 100 spans per span set, 168 h per search, a
 * query of at most 128 KiB. The rest bound what one search may cost this single process: the
 * traces it may load and evaluate, and its time (Tempo's api_timeout, off by default there).
 */
export const DEFAULT_LIMIT = 20;
/** Tempo's max_limit is 262,144; one process answering 1,000 traces is plenty for a UI. */
export const MAX_LIMIT = 1_000;
export const DEFAULT_SPSS = 3;
export const MAX_SPSS = 100;
export const MAX_QUERY_BYTES = 128 * 1024;
/** Traces and spans loaded into the evaluator per search; what matched so far is answered. */
export const MAX_INSPECTED_TRACES = 10_000;
export const MAX_INSPECTED_SPANS = 100_000;
export const SEARCH_TIMEOUT_MS = 30_000;
/** Go's http.TimeoutHandler message under Tempo's api_timeout, with its 503. */
export const SEARCH_TIMEOUT_MESSAGE = 'unable to process request in the configured timeout';

/** The time slice the first candidate round reads (newest first); each further one is 4 times longer. */
export const FIRST_SLICE_NS = 60_000_000_000n;
/** Driving spans a round reads at most; when a slice holds more, the next round reads 4 times more. */
export const FIRST_ROUND_SPANS = 256;
export const MAX_ROUND_SPANS = 65_536;
/** Spans loaded into the evaluator at a time. */
export const EVALUATE_CHUNK_SPANS = 5_000;
/** Candidate traces read and evaluated at a time, at least: fewer when fewer are still wanted. */
export const MIN_TRACES_PER_READ = 16;
