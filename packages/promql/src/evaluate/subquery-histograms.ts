// Subquery output as range functions see it: Prometheus sets the counter-reset hints of its native
// histograms to unknown, because a subquery may skip the sample that carried a reset or repeat it
// at several steps; detection then falls back to comparing the histograms, as for floats. (A raw
// subquery result keeps its hints.)
import type { FloatHistogram } from '../histogram/float-histogram';

const unknownHint = (h: FloatHistogram): FloatHistogram =>
  h.counterResetHint === 'reset' || h.counterResetHint === 'not-reset'
    ? { ...h, counterResetHint: 'unknown' }
    : h;

export function withoutResetHints<
  S extends { readonly hs?: readonly FloatHistogram[] | undefined },
>(s: S): S {
  return s.hs ? { ...s, hs: s.hs.map(unknownHint) } : s;
}
