/**
 * Native-histogram rows as a select reads them (from histogram_samples or the recent window),
 * packed into a few plain typed arrays so that they cross to a query worker with their buffers
 * transferred, and regrouped there by series beside the float rows (row-chunks.ts). Nothing here
 * touches DuckDB: the query worker imports this file.
 */
import {
  assignStoredResetHints,
  type FloatHistogram,
  type StoredHistograms,
} from '@otel-lab/promql';
import { decodeHistogram } from './histogram-codec.js';

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
    if (this.used + histogram.length > this.bytes.length) {
      const next = new Uint8Array(Math.max(2 * this.bytes.length, this.used + histogram.length));
      next.set(this.bytes.subarray(0, this.used));
      this.bytes = next;
    }
    this.bytes.set(histogram, this.used);
    this.used += histogram.length;
    this.ids.push(id);
    this.times.push(timeMs);
    this.ends.push(this.used);
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

/** Each series' histograms, decoded, in time order; a time read twice keeps its first sample. */
export function groupHistograms(rows: HistogramRows): Map<number, StoredHistograms> {
  const bySeries = new Map<number, { t: number[]; h: FloatHistogram[]; sorted: boolean }>();
  for (let i = 0; i < rows.ids.length; i++) {
    const id = rows.ids[i] as number;
    const t = rows.times[i] as number;
    const start = i === 0 ? 0 : (rows.ends[i - 1] as number);
    let entry = bySeries.get(id);
    if (!entry) {
      entry = { t: [], h: [], sorted: true };
      bySeries.set(id, entry);
    }
    const h = decodeHistogram(
      rows.bytes.subarray(start, rows.ends[i]),
      entry.h[entry.h.length - 1],
    );
    if (entry.t.length > 0 && t <= (entry.t[entry.t.length - 1] as number)) entry.sorted = false;
    entry.t.push(t);
    entry.h.push(h);
  }
  const out = new Map<number, StoredHistograms>();
  for (const [id, entry] of bySeries) {
    if (entry.sorted) {
      out.set(id, { timestamps: entry.t, values: entry.h });
      continue;
    }
    const order = entry.t
      .map((_, i) => i)
      .sort((a, b) => (entry.t[a] as number) - (entry.t[b] as number));
    const kept = order.filter(
      (row, n) => n === 0 || entry.t[row] !== entry.t[order[n - 1] as number],
    );
    out.set(id, {
      timestamps: kept.map((i) => entry.t[i] as number),
      values: kept.map((i) => entry.h[i] as FloatHistogram),
    });
  }
  return out;
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
  const histograms = groupHistograms(rows);
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
    // Kept as received (OTLP sends `unknown`); read back with the hints Prometheus's TSDB gives,
    // set on the samples just decoded, which nothing else holds.
    entry.histograms = {
      timestamps: h.timestamps,
      values: assignStoredResetHints(h.timestamps, h.values as FloatHistogram[], entry.timestamps),
    };
    out.push(entry);
  }
  return out;
}
