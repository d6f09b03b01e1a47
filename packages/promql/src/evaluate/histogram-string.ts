// A histogram's text as Prometheus's FloatHistogram.String() writes it (count_values labels histograms
// with it): count, sum, then every populated bucket in ascending order as (lower,upper]:count.
import { type Bucket, sideBuckets, zeroBucket } from '../histogram/bucket-iterator';
import type { FloatHistogram } from '../histogram/float-histogram';
import { formatGoG } from './annotations';

function bucketString(b: Bucket): string {
  const open = b.lowerInclusive ? '[' : '(';
  const close = b.upperInclusive ? ']' : ')';
  return `${open}${formatGoG(b.lower)},${formatGoG(b.upper)}${close}:${formatGoG(b.count)}`;
}

export function histogramString(h: FloatHistogram): string {
  const parts = [`{count:${formatGoG(h.count)}`, `sum:${formatGoG(h.sum)}`];
  const populated = (b: Bucket) => b.count !== 0;
  for (const b of sideBuckets(h, false).filter(populated).reverse()) parts.push(bucketString(b));
  if (h.zeroCount !== 0) parts.push(bucketString(zeroBucket(h)));
  for (const b of sideBuckets(h, true).filter(populated)) parts.push(bucketString(b));
  return `${parts.join(', ')}}`;
}
