/**
 * Native-histogram rows as a select reads them (from histogram_samples or the recent window),
 * packed into a few plain typed arrays so that they cross to a query worker with their buffers
 * transferred, and regrouped there by series beside the float rows (row-chunks.ts). Nothing here
 * touches DuckDB: the query worker imports this file.
 */
import {
  assignStoredResetHints,
  type FloatHistogram,
  histogramSampleSizeOf,
  madeOnRead,
  type StoredHistograms,
} from '@otel-lab/promql';
import { decodeHistogram, encodedHistogramParts } from './histogram-codec.js';

/** Row i: series ids[i] at times[i], its encoded histogram bytes[ends[i-1] … ends[i]). */
export interface HistogramRows {
  ids: Uint32Array;
  times: Float64Array;
  ends: Uint32Array;
  bytes: Uint8Array;
}

export class HistogramRowsWriter {
  private ids: number[] = [];
  private times: number[] = [];
  private ends: number[] = [];
  private bytes = new Uint8Array(1024);
  private used = 0;

  get length(): number {
    return this.ids.length;
  }

  add(id: number, timeMs: number, histogram: Uint8Array): void {
    this.addBytes(histogram);
    this.addRow(id, timeMs, histogram.length);
  }

  /** Bytes of the rows added next (addRow), as many rows' bytes at once as the caller has. */
  addBytes(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.bytes.length) {
      const next = new Uint8Array(Math.max(2 * this.bytes.length, this.used + bytes.length));
      next.set(this.bytes.subarray(0, this.used));
      this.bytes = next;
    }
    this.bytes.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** A row whose histogram is the next `length` bytes given to addBytes. */
  addRow(id: number, timeMs: number, length: number): void {
    const end = (this.ends.length > 0 ? (this.ends[this.ends.length - 1] as number) : 0) + length;
    if (end > this.used) throw new RangeError(`row ends at byte ${end}, ${this.used} given`);
    this.ids.push(id);
    this.times.push(timeMs);
    this.ends.push(end);
  }

  rows(): HistogramRows {
    return {
      ids: Uint32Array.from(this.ids),
      times: Float64Array.from(this.times),
      ends: Uint32Array.from(this.ends),
      bytes: this.bytes.slice(0, this.used),
    };
  }
}

/** The buffers of some rows, to transfer them to another thread. */
export function histogramRowsBuffers(rows: HistogramRows | undefined): ArrayBuffer[] {
  if (!rows) return [];
  return [rows.ids.buffer, rows.times.buffer, rows.ends.buffer, rows.bytes.buffer] as ArrayBuffer[];
}

/** A series' rows (indexes into the HistogramRows), in time order, and their times. */
interface SeriesRows {
  rows: number[];
  timestamps: number[];
}

/** Where row `row`'s bytes lie in rows.bytes. */
function rowRange(rows: HistogramRows, row: number): [number, number] {
  return [row === 0 ? 0 : (rows.ends[row - 1] as number), rows.ends[row] as number];
}

/** Each series' rows in time order; a time read twice keeps its first row. */
export function groupHistogramRows(rows: HistogramRows): Map<number, SeriesRows> {
  const bySeries = new Map<number, SeriesRows & { sorted: boolean }>();
  for (let i = 0; i < rows.ids.length; i++) {
    const id = rows.ids[i] as number;
    const t = rows.times[i] as number;
    let entry = bySeries.get(id);
    if (!entry) {
      entry = { rows: [], timestamps: [], sorted: true };
      bySeries.set(id, entry);
    }
    const last = entry.timestamps[entry.timestamps.length - 1];
    if (last !== undefined && t <= last) entry.sorted = false;
    entry.rows.push(i);
    entry.timestamps.push(t);
  }
  const out = new Map<number, SeriesRows>();
  for (const [id, entry] of bySeries) {
    if (entry.sorted) {
      out.set(id, entry);
      continue;
    }
    const order = entry.rows
      .map((_, i) => i)
      .sort((a, b) => (entry.timestamps[a] as number) - (entry.timestamps[b] as number));
    const kept = order.filter(
      (i, n) => n === 0 || entry.timestamps[i] !== entry.timestamps[order[n - 1] as number],
    );
    out.set(id, {
      rows: kept.map((i) => entry.rows[i] as number),
      timestamps: kept.map((i) => entry.timestamps[i] as number),
    });
  }
  return out;
}

/**
 * A series' histograms, decoded in time order (each reusing its predecessor's spans when they are
 * the same), with the hints Prometheus's TSDB reads them back with: kept as received (OTLP sends
 * `unknown`), they are set here on the samples just decoded, which nothing else holds.
 */
function decodeSeries(
  rows: HistogramRows,
  series: SeriesRows,
  floatTimes: ArrayLike<number>,
): FloatHistogram[] {
  const out: FloatHistogram[] = new Array(series.rows.length);
  let previous: FloatHistogram | undefined;
  series.rows.forEach((row, i) => {
    const [start, end] = rowRange(rows, row);
    previous = decodeHistogram(rows.bytes, previous, start, end);
    out[i] = previous;
  });
  return assignStoredResetHints(series.timestamps, out, floatTimes);
}

/**
 * The series' histograms as the engine reads them: decoded when read, not before (madeOnRead), so a
 * query that walks its series one at a time holds one series' decoded samples at a time. Their size
 * against the samples limit is bounded by their bytes' length (each bucket, span and bound takes at
 * least a byte), and counted exactly from their spans only when asked.
 */
function storedHistograms(
  rows: HistogramRows,
  series: SeriesRows,
  floatTimes: ArrayLike<number>,
): StoredHistograms {
  let sampleSizeAtMost = 0;
  for (const row of series.rows) {
    const [start, end] = rowRange(rows, row);
    sampleSizeAtMost += histogramSampleSizeOf(end - start);
  }
  const read = madeOnRead(() => decodeSeries(rows, series, floatTimes));
  let sampleSize: number | undefined;
  return {
    timestamps: series.timestamps,
    sampleSizeAtMost,
    get sampleSize() {
      if (sampleSize === undefined) {
        sampleSize = 0;
        for (const row of series.rows) {
          const [start, end] = rowRange(rows, row);
          sampleSize += histogramSampleSizeOf(encodedHistogramParts(rows.bytes, start, end));
        }
      }
      return sampleSize;
    },
    get values() {
      return read();
    },
  };
}

interface Grouped<L> {
  labels: L;
  timestamps: Float64Array;
  values: Float64Array;
  histograms?: StoredHistograms;
}

/**
 * The float series (groupSelection's, in `series` order) with each series' histograms beside its
 * floats; a series with histograms only joins with no float samples.
 */
export function withHistograms<L>(
  series: readonly { id: number; labels: L }[],
  floats: Grouped<L>[],
  rows: HistogramRows | undefined,
): Grouped<L>[] {
  if (!rows || rows.ids.length === 0) return floats;
  const histograms = groupHistogramRows(rows);
  const byLabels = new Map(floats.map((f) => [f.labels, f]));
  const out: Grouped<L>[] = [];
  for (const s of series) {
    const f = byLabels.get(s.labels);
    const h = histograms.get(s.id);
    if (!h) {
      if (f) out.push(f);
      continue;
    }
    const entry: Grouped<L> = f
      ? { ...f }
      : { labels: s.labels, timestamps: new Float64Array(0), values: new Float64Array(0) };
    entry.histograms = storedHistograms(rows, h, entry.timestamps);
    out.push(entry);
  }
  return out;
}
