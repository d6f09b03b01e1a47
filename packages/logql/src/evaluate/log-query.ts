// evaluateLogQuery: a log query over a LogStorage. The stream matchers, the time range and the line
// filters ahead of the first line-changing stage go down to the storage; the pipeline runs here; the
// read stops once `limit` entries passed it, counted over all streams in the query's direction, as
// Loki's limit.
import type { Labels } from '@otel-lab/promql';
import type { LogExpr } from '../ast';
import { type CategorizedLabels, flattenLabels } from '../pipeline/labels-builder';
import { compilePipeline, pushdownLineFilters } from '../pipeline/pipeline';
import type { LogStorage } from '../storage';

export interface LogQueryOptions {
  /** Nanoseconds since the epoch: start inclusive, end exclusive. */
  readonly startNs: bigint;
  readonly endNs: bigint;
  /** Entries to return at most, over all streams (Loki's `limit`); must be positive. */
  readonly limit: number;
  readonly direction: 'forward' | 'backward';
  /**
   * Loki's `interval` (nanoseconds, 0 or absent: every entry): an entry passes when it is the first
   * or at least this far, in the query's direction, from the last entry returned (over all streams).
   */
  readonly intervalNs?: bigint;
  readonly signal?: AbortSignal;
}

export interface ResultEntry {
  readonly timestampNs: bigint;
  readonly line: string;
  /** The entry's labels by category; `stream` is what is left of the index labels. */
  readonly labels: CategorizedLabels;
}

/** One output stream in Loki's plain form: every label (index, metadata, parsed) identifies it. */
export interface ResultStream {
  readonly labels: Labels;
  /** In the query's direction. */
  readonly entries: readonly ResultEntry[];
}

export interface LogQueryResult {
  readonly streams: readonly ResultStream[];
  /** Entries the storage returned and the pipeline read (Loki's "lines processed"). */
  readonly entriesRead: number;
}

export async function evaluateLogQuery(
  expr: LogExpr,
  storage: LogStorage,
  options: LogQueryOptions,
): Promise<LogQueryResult> {
  if (!(options.limit > 0)) throw new RangeError('limit must be a positive number');
  const pipeline = compilePipeline(expr.pipeline);
  const streams = new Map<string, { labels: Labels; entries: ResultEntry[] }>();
  let kept = 0;
  let read = 0;
  const interval = options.intervalNs ?? 0n;
  const forward = options.direction === 'forward';
  let lastKept: bigint | undefined;
  const batches = storage.select({
    matchers: expr.matchers,
    lineFilters: pushdownLineFilters(expr.pipeline),
    startNs: options.startNs,
    endNs: options.endNs,
    direction: options.direction,
    limit: options.limit,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  reading: for await (const batch of batches) {
    options.signal?.throwIfAborted();
    for (const entry of batch) {
      if (entry.timestampNs < options.startNs || entry.timestampNs >= options.endNs) continue;
      read++;
      const out = pipeline(entry);
      if (!out) continue;
      if (interval > 0n && lastKept !== undefined) {
        const gap = forward ? out.timestampNs - lastKept : lastKept - out.timestampNs;
        if (gap < interval) continue;
      }
      lastKept = out.timestampNs;
      const labels = flattenLabels(out.labels);
      const key = labelsKey(labels);
      let stream = streams.get(key);
      if (!stream) {
        stream = { labels, entries: [] };
        streams.set(key, stream);
      }
      stream.entries.push({ timestampNs: out.timestampNs, line: out.line, labels: out.labels });
      if (++kept >= options.limit) break reading;
    }
  }
  const sorted = [...streams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { streams: sorted.map(([, s]) => s), entriesRead: read };
}

/** Loki's categorize-labels form: streams by index labels, each entry with its metadata and parsed labels. */
export function categorizedStreams(
  result: LogQueryResult,
  direction: 'forward' | 'backward',
): ResultStream[] {
  const streams = new Map<string, { labels: Labels; entries: ResultEntry[] }>();
  for (const s of result.streams) {
    for (const e of s.entries) {
      const key = labelsKey(e.labels.stream);
      let stream = streams.get(key);
      if (!stream) {
        stream = { labels: e.labels.stream, entries: [] };
        streams.set(key, stream);
      }
      stream.entries.push(e);
    }
  }
  const sign = direction === 'forward' ? 1 : -1;
  for (const s of streams.values()) {
    s.entries.sort(
      (a, b) => sign * (a.timestampNs < b.timestampNs ? -1 : a.timestampNs > b.timestampNs ? 1 : 0),
    );
  }
  return [...streams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

function labelsKey(labels: Labels): string {
  return labels.map((l) => `${l.name}\u0000${l.value}`).join('\u0001');
}
