// A fast path for sum, avg, count, min, max and group: accumulate series by series into per-group,
// per-step arrays instead of building a vector at every step. The additions happen in the same order
// as the step-by-step evaluation, so results are identical. Floats only: input with native histograms
// takes the step-by-step path.
import type { AggregateExpr } from '../ast';
import type { Grouper } from './aggregations';
import type { StepRange } from './range-eval';
import { stepCount } from './range-eval';
import type { Matrix } from './values';

export const seriesWiseOps: ReadonlySet<string> = new Set([
  'sum',
  'avg',
  'count',
  'min',
  'max',
  'group',
]);

export function aggregateSeriesWise(
  e: AggregateExpr,
  input: Matrix,
  grouper: Grouper,
  range: StepRange,
): Matrix {
  const steps = stepCount(range);
  const groupIndex = new Map<string, number>();
  const metrics: Matrix[number]['metric'][] = [];
  const dropNames: boolean[] = [];
  const seriesGroup = new Int32Array(input.length);
  input.forEach((s, i) => {
    const { key, metric } = grouper.group(s.metric);
    let g = groupIndex.get(key);
    if (g === undefined) {
      g = metrics.length;
      groupIndex.set(key, g);
      metrics.push(metric);
      dropNames.push(false);
    }
    if (s.dropName) dropNames[g] = true;
    seriesGroup[i] = g;
  });
  const size = metrics.length * steps;
  const value = new Float64Array(size);
  const comp = new Float64Array(size);
  const count = new Float64Array(size);
  const mean = new Float64Array(size);
  const incremental = e.op === 'avg' ? new Uint8Array(size) : undefined;
  const op = e.op;
  const { start, interval } = range;
  for (let i = 0; i < input.length; i++) {
    const s = input[i] as Matrix[number];
    const base = (seriesGroup[i] as number) * steps;
    for (let p = 0; p < s.ts.length; p++) {
      const step = interval > 0 ? Math.round(((s.ts[p] as number) - start) / interval) : 0;
      const k = base + step;
      const f = s.vs[p] as number;
      const n = count[k] as number;
      if (n === 0) {
        value[k] = op === 'group' ? 1 : f;
        mean[k] = f;
        count[k] = 1;
        continue;
      }
      count[k] = n + 1;
      switch (op) {
        case 'sum':
          value[k] = kahanStep(f, value[k] as number, comp, k);
          break;
        case 'avg':
          avgStep(f, k, n + 1, value, comp, mean, incremental as Uint8Array);
          break;
        case 'max': {
          const v = value[k] as number;
          if (v < f || Number.isNaN(v)) value[k] = f;
          break;
        }
        case 'min': {
          const v = value[k] as number;
          if (v > f || Number.isNaN(v)) value[k] = f;
          break;
        }
      }
    }
  }
  const out: Matrix = [];
  for (let g = 0; g < metrics.length; g++) {
    const ts: number[] = [];
    const vs: number[] = [];
    for (let step = 0; step < steps; step++) {
      const k = g * steps + step;
      const n = count[k] as number;
      if (n === 0) continue;
      let f = value[k] as number;
      switch (op) {
        case 'sum':
          if (Number.isFinite(f)) f += comp[k] as number;
          break;
        case 'avg':
          if (incremental?.[k]) f = (mean[k] as number) + (comp[k] as number);
          else if (Number.isFinite(f)) f = f / n + (comp[k] as number) / n;
          else f = f / n;
          break;
        case 'count':
          f = n;
          break;
      }
      ts.push(start + step * interval);
      vs.push(f);
    }
    if (ts.length > 0)
      out.push({
        metric: metrics[g] as Matrix[number]['metric'],
        ts,
        vs,
        dropName: dropNames[g] as boolean,
      });
  }
  return out;
}

function kahanStep(inc: number, sum: number, c: Float64Array, k: number): number {
  const t = sum + inc;
  if (!Number.isFinite(t) && !Number.isNaN(t)) c[k] = 0;
  else if (Math.abs(sum) >= Math.abs(inc)) c[k] = (c[k] as number) + (sum - t + inc);
  else c[k] = (c[k] as number) + (inc - t + sum);
  return t;
}

function avgStep(
  f: number,
  k: number,
  n: number,
  value: Float64Array,
  comp: Float64Array,
  mean: Float64Array,
  incremental: Uint8Array,
): void {
  if (!incremental[k]) {
    const saved = comp[k] as number;
    const next = kahanStep(f, value[k] as number, comp, k);
    if (Number.isFinite(next) || Number.isNaN(next)) {
      value[k] = next;
      return;
    }
    // The sum overflowed: continue with an incremental mean.
    incremental[k] = 1;
    mean[k] = (value[k] as number) / (n - 1);
    comp[k] = saved / (n - 1);
  }
  const q = (n - 1) / n;
  comp[k] = (comp[k] as number) * q;
  mean[k] = kahanStep(f / n, q * (mean[k] as number), comp, k);
}
