// The counter-reset hint a histogram sample reads back with from Prometheus's TSDB. Its chunks
// record the hint only for their first sample; later samples of a chunk read as `not-reset`. A new
// chunk starts at a detected reset (`reset`), or when the layout changes or after a float sample
// (`unknown`). Query results show these hints, and PromQL trusts them (rate, sum's collisions), so
// a storage that answers as Prometheus does assigns them as its samples arrive.

import { detectReset } from './detect-reset';
import { sameCustomValues } from './equals';
import {
  type CounterResetHint,
  CUSTOM_BUCKETS_SCHEMA,
  type FloatHistogram,
} from './float-histogram';

/**
 * The hint `h` is stored with, given the series' previous sample: a histogram, or undefined when
 * there was none or it was a float.
 */
export function storedResetHint(
  h: FloatHistogram,
  previous: FloatHistogram | undefined,
): CounterResetHint {
  if (h.counterResetHint === 'gauge') return 'gauge';
  if (h.counterResetHint === 'reset') return 'reset';
  // A new chunk without a reset: after a float, at the series' start, or after a gauge chunk.
  if (!previous || previous.counterResetHint === 'gauge') return 'unknown';
  if (h.count < previous.count) return 'reset';
  if (h.schema !== previous.schema || h.zeroThreshold !== previous.zeroThreshold) return 'unknown';
  if (
    h.schema === CUSTOM_BUCKETS_SCHEMA &&
    !sameCustomValues(h.customValues ?? [], previous.customValues ?? [])
  )
    return 'reset';
  return detectReset({ ...h, counterResetHint: 'unknown' }, previous) ? 'reset' : 'not-reset';
}
