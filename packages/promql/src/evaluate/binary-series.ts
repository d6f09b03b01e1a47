// Series-by-series fast paths for binary operators over many steps. Label sets do not change between
// steps, so matching is worked out once per series instead of once per step; the cases that need
// per-step checks (several series per match group) stay with the step-wise evaluation.
import type { BinaryOp, VectorMatching } from '../ast';
import { isComparisonOp } from '../ast';
import type { Labels } from '../labels';
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
