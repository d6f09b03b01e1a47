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
  /**
   * The entries a log query returns at most (its `limit`): a hint for how far to read ahead, since
   * the engine stops once that many passed its pipeline. Absent for metric queries.
   */
  readonly limit?: number;
  /** Stops the read early (the query was cancelled or timed out). */
  readonly signal?: AbortSignal;
  /**
   * What the engine will read of each entry, when it knows (metric queries without parsers): whether
   * the line, and which structured metadata labels ('all' or these names). A storage may leave the
   * rest out (an empty line, fewer metadata labels) to read less; ignoring it is always correct.
   */
  readonly projection?: LogProjection;
}

export interface LogProjection {
  readonly line: boolean;
  readonly metadata: 'all' | readonly string[];
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

/**
 * A selection to count in buckets of time rather than read entry by entry: bucket k (1 to
 * `buckets`) holds the entries of (originNs + (k - 1) * widthNs, originNs + k * widthNs].
 */
export interface BucketSelection extends LogSelection {
  readonly originNs: bigint;
  readonly widthNs: bigint;
  readonly buckets: number;
}

/** The entries of one stream, metadata (as the projection asks) and bucket. */
export interface BucketCount {
  readonly labels: Labels;
  readonly metadata: Labels;
  readonly bucket: number;
  readonly count: number;
}

export interface LogStorage {
  /**
   * Optional: the entries `select` would give for the selection, counted per stream, metadata
   * and bucket, in any order; undefined when this storage cannot count this selection (then the
   * engine reads the entries). Entries' lines are not seen, so the engine asks only when it needs
   * none (no line filters, a projection without the line) and counts are all it needs
   * (count_over_time and rate).
   */
  countBuckets?(selection: BucketSelection): Promise<readonly BucketCount[] | undefined>;
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
