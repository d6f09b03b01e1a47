// The storage the LogQL engine reads. The backend implements it over DuckDB and may push the stream
// matchers, the time range and the line filters down into SQL; the engine applies the line filters
// again, so a storage that ignores them is still correct, only slower.
import type { LabelMatcher, Labels } from '@otel-lab/promql';

/**
 * A line filter as written in the query: `|= "a" or "b"` holds two values and keeps a line holding
 * either; `!= "a" or "b"` keeps a line holding neither (Loki's reading). `|~` and `!~` are RE2 searches,
 * unanchored.
 */
export interface LineFilter {
  readonly op: '|=' | '!=' | '|~' | '!~';
  readonly values: readonly string[];
}

export interface LogSelection {
  /** Index-label matchers, all of which must match (a missing label has the empty value). */
  readonly matchers: readonly LabelMatcher[];
  /** The line filters that come before the first parser or formatter of the pipeline. */
  readonly lineFilters: readonly LineFilter[];
  /** Time range in nanoseconds since the epoch: start inclusive, end exclusive, as Loki's. */
  readonly startNs: bigint;
  readonly endNs: bigint;
  /** forward: oldest first; backward: newest first. */
  readonly direction: 'forward' | 'backward';
  /** Stops the read early (the query was cancelled or timed out). */
  readonly signal?: AbortSignal;
}

/** One stored log record as Loki sees it. */
export interface LogEntry {
  readonly timestampNs: bigint;
  readonly line: string;
  /** Index labels (the stream), sorted by name. */
  readonly labels: Labels;
  /** Structured metadata (trace_id, span_id, severity_text, other attributes), sorted by name. */
  readonly metadata: Labels;
}

export interface LogStorage {
  /** Matching entries in the selection's direction, in batches; the engine stops iterating when it has enough. */
  select(selection: LogSelection): AsyncIterable<readonly LogEntry[]>;
  /** Index label names of the streams with entries in the range (and matching, when matchers are given). */
  labelNames(
    startNs: bigint,
    endNs: bigint,
    matchers?: readonly LabelMatcher[],
  ): Promise<readonly string[]>;
  /** Values of one index label over the same streams. */
  labelValues(
    name: string,
    startNs: bigint,
    endNs: bigint,
    matchers?: readonly LabelMatcher[],
  ): Promise<readonly string[]>;
  /** Distinct streams (index label sets) with entries in the range, matching any of the matcher sets. */
  series(
    matcherSets: readonly (readonly LabelMatcher[])[],
    startNs: bigint,
    endNs: bigint,
  ): Promise<readonly Labels[]>;
}
