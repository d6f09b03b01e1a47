/**
 * The one shape every metric source (scraper, OTLP translation, span metrics) hands to storage.
 *
 * A batch is columnar: all points of all series live in two Float64Arrays, and each series names
 * its slice of them. One allocation per batch instead of two per series keeps ingest cheap, and
 * a column is what a DuckDB appender wants anyway.
 */

import type { FloatHistogram } from '@otel-lab/promql';

/**
 * A label set, `__name__` included, as a plain object whose keys were inserted in ascending
 * code-unit order. Label names start with a letter or `_`, never look like array indices, so
 * insertion order is iteration order: `Object.keys(labels)` is sorted. Build one with
 * `sortedLabels`; compare or key one with `seriesKey`.
 */
export type Labels = Readonly<Record<string, string>>;

export interface SampleExemplar {
  /** Usually trace_id and span_id (hex), sorted like series labels. */
  labels: Labels;
  value: number;
  /** Milliseconds since the epoch; absent when the source gave none. */
  timestampMs?: number;
}

export interface SeriesSamples {
  labels: Labels;
  /** This series' points are `[first, first + count)` of the batch's columns. */
  first: number;
  count: number;
  exemplars?: SampleExemplar[];
  /** Native-histogram samples of the series (its staleness markers are float points). */
  histograms?: SeriesHistograms;
}

/** Native-histogram samples, kept beside the float columns: few per batch, each an object. */
export interface SeriesHistograms {
  /** Milliseconds since the epoch, integral. */
  timestampsMs: number[];
  values: FloatHistogram[];
}

/** Prometheus's metadata types, as /api/v1/metadata reports them. */
export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'gaugehistogram'
  | 'summary'
  | 'info'
  | 'stateset'
  | 'unknown';

export interface MetricMetadata {
  /** The family name: `http_requests_total`, or `rpc_seconds` for `rpc_seconds_bucket`. */
  metric: string;
  type: MetricType;
  help: string;
  unit: string;
}

export interface SampleBatch {
  series: SeriesSamples[];
  /** Milliseconds since the epoch, integral. */
  timestampsMs: Float64Array;
  /** Values; a staleness marker is the exact StaleNaN bit pattern (see `isStaleAt`). */
  values: Float64Array;
  metadata: MetricMetadata[];
}

/** Where every metric source writes. Resolves once the batch is durable (or rejected). */
export interface SampleSink {
  append(batch: SampleBatch): Promise<void>;
}

/** Prometheus's staleness marker: a NaN whose payload is 2, never produced by arithmetic. */
export const STALE_NAN_HIGH_WORD = 0x7ff00000;
export const STALE_NAN_LOW_WORD = 0x00000002;

// Little-endian word order is what every platform Node runs on uses; checked once here.
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW = littleEndian ? 0 : 1;
const HIGH = littleEndian ? 1 : 0;

/**
 * Writes the StaleNaN bit pattern into `values[index]` through an integer view: a NaN passed as
 * a JS number may lose its payload, bytes written this way do not.
 */
export function writeStaleAt(values: Float64Array, index: number): void {
  const words = new Uint32Array(values.buffer, values.byteOffset + index * 8, 2);
  words[LOW] = STALE_NAN_LOW_WORD;
  words[HIGH] = STALE_NAN_HIGH_WORD;
}

/** Whether `values[index]` holds the StaleNaN bit pattern (an ordinary NaN does not count). */
export function isStaleAt(values: Float64Array, index: number): boolean {
  const words = new Uint32Array(values.buffer, values.byteOffset + index * 8, 2);
  return words[LOW] === STALE_NAN_LOW_WORD && words[HIGH] === STALE_NAN_HIGH_WORD;
}

/** Labels from pairs in any order, sorted by name; a repeated name keeps its last value. */
export function sortedLabels(pairs: Iterable<readonly [string, string]>): Labels {
  const byName = new Map<string, string>(pairs);
  const names = [...byName.keys()].sort(compareCodeUnits);
  // fromEntries defines each name as an own property; assignment would drop one named __proto__.
  return Object.fromEntries(names.map((name) => [name, byName.get(name) as string]));
}

/** Ascending code-unit order, as Go's string comparison orders Prometheus labels. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A string that identifies a label set. Names cannot hold NUL; values can hold anything, so each
 * is prefixed with its length to keep the key unambiguous.
 */
export function seriesKey(labels: Labels): string {
  let key = '';
  for (const name in labels) {
    const value = labels[name] as string;
    key += `${name}\u0000${value.length}\u0000${value}\u0000`;
  }
  return key;
}
