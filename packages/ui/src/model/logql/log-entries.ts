import { traceLink } from '../logs/log-lines.js';

/** A stream of a Loki `streams` answer: values are [ns, line] or, categorized, [ns, line, {…}]. */
export interface LokiStream {
  stream: Record<string, string>;
  values: [
    string,
    string,
    { structuredMetadata?: Record<string, string>; parsed?: Record<string, string> }?,
  ][];
}

/** One line of a log query, with its labels by kind (as Grafana's categorize-labels gives them). */
export interface LogEntry {
  /** Unique in one answer: the time, the stream and the line's place in it. */
  key: string;
  ns: bigint;
  line: string;
  /** The stream's index labels. */
  stream: Record<string, string>;
  metadata: Record<string, string>;
  parsed: Record<string, string>;
  /** detected_level, or `unknown`. */
  level: string;
  /** trace_id as the line carries it, '' without one. */
  traceId: string;
  /** /trace/{id}?span=… when the line carries a trace id, else null. */
  trace: string | null;
}

/** A label of the line's own, parsed first (what the query extracted), then metadata, then index. */
function labelOf(entry: Omit<LogEntry, 'level' | 'traceId' | 'trace'>, name: string): string {
  return entry.parsed[name] ?? entry.metadata[name] ?? entry.stream[name] ?? '';
}

/** Every line of every stream, newest first (ties: stream order, then the stream's own order). */
export function logEntries(streams: readonly LokiStream[]): LogEntry[] {
  const entries: LogEntry[] = [];
  streams.forEach((stream, s) => {
    stream.values.forEach(([ns, line, extra], i) => {
      const base = {
        key: `${ns}/${s}/${i}`,
        ns: /^\d+$/.test(ns) ? BigInt(ns) : 0n,
        line,
        stream: stream.stream ?? {},
        metadata: extra?.structuredMetadata ?? {},
        parsed: extra?.parsed ?? {},
      };
      const traceId = labelOf(base, 'trace_id');
      entries.push({
        ...base,
        level: labelOf(base, 'detected_level') || 'unknown',
        traceId,
        trace: traceLink({ traceId, spanId: labelOf(base, 'span_id') }),
      });
    });
  });
  return entries.sort((a, b) => (a.ns === b.ns ? 0 : a.ns > b.ns ? -1 : 1));
}

/** The CSS class of a level, in the filter mode's colours (sev-info …); others unset. */
export function levelClass(level: string): string {
  return `sev-${LEVEL_FAMILY.get(level.toLowerCase()) ?? 'unset'}`;
}

const LEVEL_FAMILY = new Map(
  Object.entries({
    trace: 'trace',
    debug: 'debug',
    info: 'info',
    warn: 'warn',
    warning: 'warn',
    error: 'error',
    fatal: 'fatal',
    critical: 'fatal',
  }),
);
