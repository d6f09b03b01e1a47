// Series as fetched from storage, prepared once per query for fast per-step lookups.
import type { FloatHistogram } from '../histogram/float-histogram';
import type { Labels } from '../labels';
import { madeOnRead } from '../made-on-read';
import { isStaleMarkerAt, type StoredSeries } from '../storage';
import { statsView } from './histogram-stats-selectors';

export interface FetchedSeries {
  readonly labels: Labels;
  /** All samples, staleness markers included (they end a series for instant lookups). */
  readonly ts: Float64Array;
  readonly vs: Float64Array;
  readonly stale: Uint8Array | undefined;
  /** Samples without staleness markers, as range windows see them. */
  readonly windowTs: Float64Array;
  readonly windowVs: Float64Array;
  /** Native-histogram samples (never staleness markers), apart from the floats. */
  readonly hts: Float64Array | undefined;
  /** Made when read (made-on-read.ts): a series' histograms are decoded when it is evaluated. */
  readonly hs: readonly FloatHistogram[] | undefined;
}

/** `statsOnly`: the selector only feeds histogram_count/sum/avg (see histogram-stats-selectors.ts). */
export function prepareSeries(stored: StoredSeries, statsOnly = false): FetchedSeries {
  const n = stored.timestamps.length;
  const ts =
    stored.timestamps instanceof Float64Array
      ? stored.timestamps
      : Float64Array.from(stored.timestamps);
  const vs = stored.values.length === n ? stored.values : stored.values.subarray(0, n);
  let stale: Uint8Array | undefined;
  let staleCount = 0;
  for (let i = 0; i < n; i++) {
    const v = vs[i] as number;
    if (Number.isNaN(v) && isStaleMarkerAt(vs, i)) {
      stale ??= new Uint8Array(n);
      stale[i] = 1;
      staleCount++;
    }
  }
  const h = stored.histograms;
  const hts = h && h.timestamps.length > 0 ? Float64Array.from(h.timestamps) : undefined;
  let windowTs = ts;
  let windowVs = vs;
  if (stale) {
    windowTs = new Float64Array(n - staleCount);
    windowVs = new Float64Array(n - staleCount);
    for (let i = 0, j = 0; i < n; i++) {
      if (stale[i]) continue;
      windowTs[j] = ts[i] as number;
      windowVs[j] = vs[i] as number;
      j++;
    }
  }
  const series: FetchedSeries = {
    labels: stored.labels,
    ts,
    vs,
    stale,
    windowTs,
    windowVs,
    hts,
    hs: undefined,
  };
  if (!hts || !h) return series;
  const read = madeOnRead(() => (statsOnly ? statsView(h.values) : h.values));
  return Object.defineProperty(series, 'hs', { get: read, enumerable: true });
}

/** Index of the first element > t in a sorted array (binary search). */
export function upperBound(arr: ArrayLike<number>, t: number, from = 0, to = arr.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
