// Subquery output as range functions see it: Prometheus sets the counter-reset hints of its native
// histograms to unknown, because a subquery may skip the sample that carried a reset or repeat it
// at several steps; detection then falls back to comparing the histograms, as for floats.
import type { FloatHistogram } from '../histogram/float-histogram';
import type { EvalSeries } from './values';

const unknownHint = (h: FloatHistogram): FloatHistogram =>
  h.counterResetHint === 'reset' || h.counterResetHint === 'not-reset'
    ? { ...h, counterResetHint: 'unknown' }
    : h;

export function withoutResetHints(s: EvalSeries): EvalSeries {
  return s.hs ? { ...s, hs: s.hs.map(unknownHint) } : s;
}
