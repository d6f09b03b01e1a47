// An in-memory Storage for tests, the conformance runner and small embedders.
import type { FloatHistogram } from './histogram/float-histogram';
import { storedResetHint } from './histogram/stored-reset-hint';
import { type Labels, labelsKey } from './labels';
import { matchesAll, type Storage, type StoredSeries } from './storage';

interface MutableSeries {
  labels: Labels;
  timestamps: Float64Array;
  values: Float64Array;
  length: number;
  histogramTimestamps: number[];
  histograms: FloatHistogram[];
}

export class MemoryStorage implements Storage {
  private readonly series = new Map<string, MutableSeries>();

  /** Appends one sample; samples of a series must arrive in time order. Use appendStale for markers. */
  append(labels: Labels, t: number, v: number): void {
    const s = this.slot(labels);
    s.values[s.length] = v;
    s.timestamps[s.length] = t;
    s.length++;
  }

  /** Appends a native-histogram sample, in time order with the series' other samples. */
  appendHistogram(labels: Labels, t: number, h: FloatHistogram): void {
    const s = this.slot(labels);
    const n = s.histograms.length;
    const lastFloat =
      s.length > 0 ? (s.timestamps[s.length - 1] as number) : Number.NEGATIVE_INFINITY;
    const previous =
      n > 0 && (s.histogramTimestamps[n - 1] as number) > lastFloat
        ? s.histograms[n - 1]
        : undefined;
    s.histogramTimestamps.push(t);
    // Stored as Prometheus's TSDB gives it back, so queries see the hints Prometheus would.
    s.histograms.push({ ...h, counterResetHint: storedResetHint(h, previous) });
  }

  appendStale(labels: Labels, t: number): void {
    const s = this.slot(labels);
    const words = new Uint32Array(s.values.buffer, s.length * 8, 2);
    words[0] = 2;
    words[1] = 0x7ff00000;
    s.timestamps[s.length] = t;
    s.length++;
  }

  clear(): void {
    this.series.clear();
  }

  select(matchers: Parameters<Storage['select']>[0], minT: number, maxT: number): StoredSeries[] {
    const out: StoredSeries[] = [];
    for (const s of this.series.values()) {
      if (!matchesAll(matchers, s.labels)) continue;
      const from = firstAtOrAfter(s.timestamps, s.length, minT);
      const to = firstAtOrAfter(s.timestamps, s.length, maxT + 1);
      const hts = s.histogramTimestamps;
      const hFrom = firstAtOrAfter(hts, hts.length, minT);
      const hTo = firstAtOrAfter(hts, hts.length, maxT + 1);
      if (to === from && hTo === hFrom) continue;
      out.push({
        labels: s.labels,
        // Views, not copies: appends only write past the current length.
        timestamps: s.timestamps.subarray(from, to),
        values: s.values.subarray(from, to),
        ...(hTo > hFrom
          ? {
              histograms: {
                timestamps: hts.slice(hFrom, hTo),
                values: s.histograms.slice(hFrom, hTo),
              },
            }
          : {}),
      });
    }
    return out;
  }

  private slot(labels: Labels): MutableSeries {
    const key = labelsKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = {
        labels,
        timestamps: new Float64Array(16),
        values: new Float64Array(16),
        length: 0,
        histogramTimestamps: [],
        histograms: [],
      };
      this.series.set(key, s);
    }
    if (s.length === s.values.length) {
      const grown = new Float64Array(s.values.length * 2);
      grown.set(s.values);
      s.values = grown;
      const grownTimes = new Float64Array(s.values.length);
      grownTimes.set(s.timestamps);
      s.timestamps = grownTimes;
    }
    return s;
  }
}

function firstAtOrAfter(ts: ArrayLike<number>, length: number, t: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ts[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
