// Selectors whose histograms only feed histogram_count, histogram_sum or histogram_avg. Prometheus
// reads those through its HistogramStatsIterator: buckets are not decoded (the samples keep only
// schema, count and sum), and counter resets are detected on the fly between consecutive samples,
// so an `unknown` hint becomes `reset` or `not-reset`. Results differ visibly (sum's conflicting-
// reset warning, no bucket annotations), so the engine reads such selectors the same way.
import { children, type Expr, isTrimOp, type VectorSelector } from '../ast';
import { detectReset } from '../histogram/detect-reset';
import type { FloatHistogram } from '../histogram/float-histogram';

const statsFunctions = new Set(['histogram_count', 'histogram_sum', 'histogram_avg']);
const bucketFunctions = new Set([
  'histogram_quantile',
  'histogram_quantiles',
  'histogram_fraction',
]);

/** The selectors of `expr` read for statistics only (Prometheus's detectHistogramStatsDecoding). */
export function statsOnlySelectors(expr: Expr): Set<VectorSelector> {
  const out = new Set<VectorSelector>();
  const walk = (e: Expr, path: Expr[]) => {
    if (e.kind === 'vectorSelector') {
      if (readsStatsOnly(path)) out.add(e);
      return;
    }
    path.push(e);
    for (const c of children(e)) walk(c, path);
    path.pop();
  };
  walk(expr, []);
  return out;
}

/** Walks up from the selector: the nearest subquery, bucket function or trim decides for buckets. */
function readsStatsOnly(path: readonly Expr[]): boolean {
  let skip = false;
  for (let i = path.length - 1; i >= 0; i--) {
    const e = path[i] as Expr;
    if (e.kind === 'subquery') return false;
    if (e.kind === 'binary' && isTrimOp(e.op)) return false;
    if (e.kind === 'call') {
      if (bucketFunctions.has(e.name)) return false;
      if (statsFunctions.has(e.name)) skip = true;
    }
  }
  return skip;
}

/**
 * A series' histograms as the stats iterator yields them: schema, count and sum only, and an
 * `unknown` hint replaced by what comparing with the previous sample (buckets and all) finds.
 */
export function statsView(hs: readonly FloatHistogram[]): FloatHistogram[] {
  return hs.map((h, i) => {
    const previous = i > 0 ? hs[i - 1] : undefined;
    let hint = h.counterResetHint;
    if (hint === 'unknown' && previous) hint = detectReset(h, previous) ? 'reset' : 'not-reset';
    return {
      counterResetHint: hint,
      schema: h.schema,
      zeroThreshold: 0,
      zeroCount: 0,
      count: h.count,
      sum: h.sum,
      positiveSpans: [],
      positiveBuckets: [],
      negativeSpans: [],
      negativeBuckets: [],
    };
  });
}
