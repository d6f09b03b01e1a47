// histogram_stdvar and histogram_stddev: the variance of a native histogram's observations,
// estimated as Prometheus does from one representative value per bucket.
import { kahanInc } from '../evaluate/float-math';
import { allBuckets } from './bucket-iterator';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';

/**
 * Each populated bucket counts as its geometric mean (exponential buckets), its arithmetic mean
 * (custom buckets: infinite for the -Inf and +Inf ones) or zero (the zero bucket), around the
 * mean sum/count.
 */
export function histogramVariance(h: FloatHistogram): number {
  const mean = h.sum / h.count;
  const custom = h.schema === CUSTOM_BUCKETS_SCHEMA;
  const c = new Float64Array(1);
  let variance = 0;
  for (const b of allBuckets(h)) {
    if (b.count === 0) continue;
    let value: number;
    if (custom) value = (b.upper + b.lower) / 2;
    else if (b.lower <= 0 && b.upper >= 0) value = 0;
    else {
      value = Math.sqrt(b.upper * b.lower);
      if (b.upper < 0) value = -value;
    }
    const delta = value - mean;
    variance = kahanInc(b.count * delta * delta, variance, c);
  }
  return (variance + (c[0] as number)) / h.count;
}

export function histogramStddev(h: FloatHistogram): number {
  return Math.sqrt(histogramVariance(h));
}
