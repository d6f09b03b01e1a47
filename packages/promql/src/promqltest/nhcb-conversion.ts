// `load_with_nhcb`: classic histogram series (`x_bucket{le}`, `x_count`, `x_sum`) are also loaded as
// native histograms with custom buckets (NHCB) under the base name, one per timestamp, as
// Prometheus's promqltest converts them (util/convertnhcb): buckets de-cumulated, a missing +Inf
// bucket added with the count, a missing count taken from the highest bucket.
import { compactHistogram } from '../histogram/compact';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from '../histogram/float-histogram';
import { type Labels, labelsKey, metricNameLabel, sortLabels } from '../labels';
import { NotationError } from './notation-error';
import type { SeriesDescription } from './series-notation';

interface Collated {
  buckets: { le: number; count: number }[];
  count: number | undefined;
  sum: number;
}

export interface ConvertedSeries {
  readonly labels: Labels;
  readonly samples: { t: number; h: FloatHistogram }[];
}

export function classicToNhcb(
  series: readonly SeriesDescription[],
  interval: number,
): ConvertedSeries[] {
  const byBase = new Map<string, { labels: Labels; byTime: Map<number, Collated> }>();
  for (const s of series) {
    const name = s.labels.find((l) => l.name === metricNameLabel)?.value ?? '';
    const m = /^(.*)_(bucket|count|sum)$/.exec(name);
    if (!m) continue;
    const [, base, suffix] = m as unknown as [string, string, string];
    let le = Number.NaN;
    if (suffix === 'bucket') {
      const text = s.labels.find((l) => l.name === 'le')?.value;
      if (text === undefined) throw new NotationError(`expected bucket label in metric ${name}`);
      le = parseLe(text);
      if (Number.isNaN(le)) continue;
    }
    const labels = sortLabels(
      s.labels
        .filter((l) => l.name !== metricNameLabel && !(suffix === 'bucket' && l.name === 'le'))
        .concat([{ name: metricNameLabel, value: base }]),
    );
    const key = labelsKey(labels);
    let entry = byBase.get(key);
    if (!entry) {
      entry = { labels, byTime: new Map() };
      byBase.set(key, entry);
    }
    for (const [i, v] of s.values.entries()) {
      if (v.kind !== 'value' && v.kind !== 'stale') continue;
      const f = v.kind === 'value' ? v.value : Number.NaN;
      const t = i * interval;
      let h = entry.byTime.get(t);
      if (!h) {
        h = { buckets: [], count: undefined, sum: 0 };
        entry.byTime.set(t, h);
      }
      if (suffix === 'bucket') setBucket(h, le, f);
      else if (suffix === 'count') {
        if (f < 0) throw new NotationError(`count must be non-negative: count=${f}`);
        h.count = f;
      } else h.sum = f;
    }
  }
  return [...byBase.values()].map(({ labels, byTime }) => ({
    labels,
    samples: [...byTime.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([t, c]) => ({ t, h: convert(c) })),
  }));
}

function parseLe(text: string): number {
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  return text.trim() === '' ? Number.NaN : Number(text);
}

function setBucket(h: Collated, le: number, count: number): void {
  if (count < 0)
    throw new NotationError(`bucket count must be non-negative: le=${le}, count=${count}`);
  const i = h.buckets.findIndex((b) => b.le >= le);
  if (i >= 0 && h.buckets[i]?.le === le) return; // a duplicate sample
  const below = i < 0 ? h.buckets[h.buckets.length - 1] : h.buckets[i - 1];
  const above = i < 0 ? undefined : h.buckets[i];
  if ((below && count < below.count) || (above && count > above.count))
    throw new NotationError(`count is not cumulative at le=${le}`);
  h.buckets.splice(i < 0 ? h.buckets.length : i, 0, { le, count });
}

function convert(c: Collated): FloatHistogram {
  const buckets = c.buckets.slice();
  const count = c.count ?? buckets[buckets.length - 1]?.count ?? 0;
  if (buckets[buckets.length - 1]?.le !== Number.POSITIVE_INFINITY)
    buckets.push({ le: Number.POSITIVE_INFINITY, count });
  const top = buckets[buckets.length - 1] as { count: number };
  if (count !== top.count)
    throw new NotationError(`count mismatch: count=${count} != le=+Inf count=${top.count}`);
  const integers = Number.isInteger(count) && buckets.every((b) => Number.isInteger(b.count));
  const h: FloatHistogram = {
    counterResetHint: 'unknown',
    schema: CUSTOM_BUCKETS_SCHEMA,
    zeroThreshold: 0,
    zeroCount: 0,
    count,
    sum: c.sum,
    positiveSpans: [{ offset: 0, length: buckets.length }],
    positiveBuckets: buckets.map(
      (b, i) => b.count - (i > 0 ? (buckets[i - 1]?.count as number) : 0),
    ),
    negativeSpans: [],
    negativeBuckets: [],
    customValues: buckets.slice(0, -1).map((b) => b.le),
  };
  // Prometheus converts integer counts to an integer histogram compacted keeping runs of up to two
  // empty buckets, float counts to a float histogram compacted fully.
  return compactHistogram(h, integers ? 2 : 0);
}
