// Series-by-series fast paths for binary operators over many steps. Label sets do not change between
// steps, so matching is worked out once per series instead of once per step; the cases that need
// per-step checks (several series per match group) stay with the step-wise evaluation.
import type { BinaryOp, VectorMatching } from '../ast';
import { isComparisonOp } from '../ast';
import type { FloatHistogram } from '../histogram/float-histogram';
import { type Labels, labelsKey as labelsKeyOf } from '../labels';
import { type MatchingSignature, resultMetricFor, scalarOp } from './binary';
import type { StepRange } from './range-eval';
import type { EvalSeries, Matrix } from './values';

/** vector <op> scalar (or scalar <op> vector when swapped), with the scalar's value per step. */
export function vectorScalarSeries(
  op: BinaryOp,
  vectors: Matrix,
  scalar: Float64Array,
  range: StepRange,
  swap: boolean,
  returnBool: boolean,
): Matrix {
  const comparison = isComparisonOp(op);
  const out: Matrix = [];
  for (const s of vectors) {
    const ts: number[] = [];
    const vs: number[] = [];
    for (let i = 0; i < s.ts.length; i++) {
      const t = s.ts[i] as number;
      const step = range.interval > 0 ? Math.round((t - range.start) / range.interval) : 0;
      const x = s.vs[i] as number;
      const c = scalar[step] as number;
      const r = swap ? scalarOp(op, c, x) : scalarOp(op, x, c);
      if (comparison) {
        // A comparison keeps the vector's own value, or gives 1/0 with bool.
        if (returnBool) vs.push(r);
        else if (r === 1) vs.push(x);
        else continue;
      } else vs.push(r);
      ts.push(t);
    }
    if (ts.length > 0)
      out.push({ metric: s.metric, ts, vs, dropName: s.dropName || !comparison || returnBool });
  }
  return out;
}

/**
 * One-to-one vector matching when every match group holds at most one series per side; returns
 * undefined otherwise, for the step-wise path to check each step as Prometheus does.
 */
export function vectorVectorSeries(
  op: BinaryOp,
  lhs: Matrix,
  rhs: Matrix,
  matching: VectorMatching,
  returnBool: boolean,
  sig: MatchingSignature,
): Matrix | undefined {
  if (
    matching.card !== 'one-to-one' ||
    matching.fillLeft !== undefined ||
    matching.fillRight !== undefined
  ) {
    return undefined;
  }
  const right = new Map<string, EvalSeries>();
  for (const s of rhs) {
    const key = sig(s.metric);
    if (right.has(key)) return undefined;
    right.set(key, s);
  }
  const leftKeys = new Set<string>();
  for (const s of lhs) {
    const key = sig(s.metric);
    if (leftKeys.has(key)) return undefined;
    leftKeys.add(key);
  }
  const comparison = isComparisonOp(op);
  const out: Matrix = [];
  for (const l of lhs) {
    const r = right.get(sig(l.metric));
    if (!r) continue;
    const metric: Labels = resultMetricFor(l.metric, r.metric, op, matching);
    const ts: number[] = [];
    const vs: number[] = [];
    // Both sides hold points on the same step grid, in time order: walk them together.
    let j = 0;
    for (let i = 0; i < l.ts.length; i++) {
      const t = l.ts[i] as number;
      while (j < r.ts.length && (r.ts[j] as number) < t) j++;
      if (j >= r.ts.length) break;
      if (r.ts[j] !== t) continue;
      const x = l.vs[i] as number;
      const y = r.vs[j] as number;
      const v = scalarOp(op, x, y);
      if (comparison) {
        if (returnBool) vs.push(v);
        else if (v === 1) vs.push(x);
        else continue;
      } else vs.push(v);
      ts.push(t);
    }
    if (ts.length > 0) out.push({ metric, ts, vs, dropName: returnBool });
  }
  return out;
}

/** Steps at which some series of each match group has a point. */
function presence(
  m: Matrix,
  sig: MatchingSignature,
  range: StepRange,
  steps: number,
): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const s of m) {
    const key = sig(s.metric);
    let present = out.get(key);
    if (!present) {
      present = new Uint8Array(steps);
      out.set(key, present);
    }
    for (const t of s.ts)
      present[range.interval > 0 ? Math.round((t - range.start) / range.interval) : 0] = 1;
    if (s.hts)
      for (const t of s.hts)
        present[range.interval > 0 ? Math.round((t - range.start) / range.interval) : 0] = 1;
  }
  return out;
}

function keepPoints(
  s: EvalSeries,
  range: StepRange,
  keep: (step: number) => boolean,
): EvalSeries | undefined {
  const ts: number[] = [];
  const vs: number[] = [];
  for (let i = 0; i < s.ts.length; i++) {
    const t = s.ts[i] as number;
    if (!keep(range.interval > 0 ? Math.round((t - range.start) / range.interval) : 0)) continue;
    ts.push(t);
    vs.push(s.vs[i] as number);
  }
  const kept: EvalSeries = { metric: s.metric, ts, vs, dropName: s.dropName };
  if (s.hts && s.hs) {
    const hts: number[] = [];
    const hs: FloatHistogram[] = [];
    for (let i = 0; i < s.hts.length; i++) {
      const t = s.hts[i] as number;
      if (!keep(range.interval > 0 ? Math.round((t - range.start) / range.interval) : 0)) continue;
      hts.push(t);
      hs.push(s.hs[i] as FloatHistogram);
    }
    if (hts.length > 0) {
      kept.hts = hts;
      kept.hs = hs;
    }
  }
  return ts.length > 0 || kept.hts ? kept : undefined;
}

/** and, or, unless over whole series: a point survives by whether the other side has its group then. */
export function setOperationSeries(
  op: 'and' | 'or' | 'unless',
  lhs: Matrix,
  rhs: Matrix,
  sig: MatchingSignature,
  range: StepRange,
  steps: number,
): Matrix {
  const out: Matrix = [];
  if (op === 'and' || op === 'unless') {
    const right = presence(rhs, sig, range, steps);
    for (const s of lhs) {
      const present = right.get(sig(s.metric));
      const kept = keepPoints(s, range, (step) => (present?.[step] === 1) === (op === 'and'));
      if (kept) out.push(kept);
    }
    return out;
  }
  const left = presence(lhs, sig, range, steps);
  out.push(...lhs);
  const keys = new Map(lhs.map((s) => [labelsKeyOf(s.metric), s]));
  for (const s of rhs) {
    const present = left.get(sig(s.metric));
    const kept = keepPoints(s, range, (step) => present?.[step] !== 1);
    if (!kept) continue;
    const same = keys.get(labelsKeyOf(s.metric));
    if (!same) {
      out.push(kept);
      continue;
    }
    // Equal labels fall in the same match group, so their points never share a step: interleave.
    const merged = same.ts
      .map((t, i) => [t, same.vs[i] as number] as const)
      .concat(kept.ts.map((t, i) => [t, kept.vs[i] as number] as const));
    merged.sort((a, b) => a[0] - b[0]);
    const replacement: EvalSeries = {
      metric: same.metric,
      ts: merged.map((p) => p[0]),
      vs: merged.map((p) => p[1]),
      dropName: same.dropName,
    };
    if (same.hts || kept.hts) mergeHistogramPoints(replacement, same, kept);
    out[out.indexOf(same)] = replacement;
    keys.set(labelsKeyOf(same.metric), replacement);
  }
  return out;
}

/** The histogram points of two series whose points never share a step, in time order. */
function mergeHistogramPoints(into: EvalSeries, a: EvalSeries, b: EvalSeries): void {
  const points: [number, FloatHistogram][] = [];
  for (const s of [a, b])
    s.hts?.forEach((t, i) => {
      points.push([t, s.hs?.[i] as FloatHistogram]);
    });
  points.sort((x, y) => x[0] - y[0]);
  into.hts = points.map((p) => p[0]);
  into.hs = points.map((p) => p[1]);
}
