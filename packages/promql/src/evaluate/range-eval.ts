// Step-by-step evaluation shared by operators, aggregations and instant-vector functions: at each step
// gather the input vectors, apply a function, and collect the output into series.

import { executionError } from '../errors';
import { labelsKey } from '../labels';
import type { EvalSeries, Matrix, Sample, Vector } from './values';

export interface StepRange {
  readonly start: number;
  readonly end: number;
  readonly interval: number;
}

export function stepCount(r: StepRange): number {
  if (r.end < r.start) return 0;
  return r.interval > 0 ? Math.floor((r.end - r.start) / r.interval) + 1 : 1;
}

export type StepFunction = (inputs: Vector[], t: number, step: number) => Vector;

/** Applies fn at every step to the inputs' samples at that step; errors on duplicate output series. */
export function rangeEval(range: StepRange, inputs: Matrix[], fn: StepFunction): Matrix {
  const steps = stepCount(range);
  const cursors = inputs.map((m) => new Int32Array(m.length));
  const hcursors = inputs.map((m) =>
    m.some((s) => s.hts !== undefined) ? new Int32Array(m.length) : undefined,
  );
  const vectors: Vector[] = inputs.map(() => []);
  if (steps === 1) {
    const t = range.start;
    for (let i = 0; i < inputs.length; i++)
      vectors[i] = gather(inputs[i] as Matrix, cursors[i] as Int32Array, hcursors[i], t);
    const out = fn(vectors, t, 0);
    return out.map((s) =>
      s.h
        ? { metric: s.metric, ts: [], vs: [], hts: [t], hs: [s.h], dropName: s.dropName }
        : { metric: s.metric, ts: [t], vs: [s.f], dropName: s.dropName },
    );
  }
  const byKey = new Map<string, { series: EvalSeries; lastT: number }>();
  const order: EvalSeries[] = [];
  for (let step = 0, t = range.start; step < steps; step++, t += range.interval) {
    for (let i = 0; i < inputs.length; i++)
      vectors[i] = gather(inputs[i] as Matrix, cursors[i] as Int32Array, hcursors[i], t);
    const out = fn(vectors, t, step);
    for (const s of out) {
      const key = labelsKey(s.metric);
      let entry = byKey.get(key);
      if (!entry) {
        entry = {
          series: { metric: s.metric, ts: [], vs: [], dropName: s.dropName },
          lastT: Number.NaN,
        };
        byKey.set(key, entry);
        order.push(entry.series);
      } else if (entry.lastT === t) {
        throw executionError('vector cannot contain metrics with the same labelset');
      }
      entry.lastT = t;
      if (s.h) {
        entry.series.hts ??= [];
        entry.series.hs ??= [];
        entry.series.hts.push(t);
        entry.series.hs.push(s.h);
      } else {
        entry.series.ts.push(t);
        entry.series.vs.push(s.f);
      }
    }
  }
  return order;
}

function gather(
  m: Matrix,
  cursors: Int32Array,
  hcursors: Int32Array | undefined,
  t: number,
): Vector {
  const out: Sample[] = [];
  for (let i = 0; i < m.length; i++) {
    const s = m[i] as EvalSeries;
    let c = cursors[i] as number;
    while (c < s.ts.length && (s.ts[c] as number) < t) c++;
    cursors[i] = c;
    if (c < s.ts.length && s.ts[c] === t) {
      out.push({ metric: s.metric, f: s.vs[c] as number, t, dropName: s.dropName });
      continue;
    }
    const hts = s.hts;
    if (!hts || !hcursors) continue;
    let hc = hcursors[i] as number;
    while (hc < hts.length && (hts[hc] as number) < t) hc++;
    hcursors[i] = hc;
    if (hc < hts.length && hts[hc] === t) {
      const h = s.hs?.[hc];
      out.push({ metric: s.metric, f: 0, h, t, dropName: s.dropName });
    }
  }
  return out;
}

/** Scalar-typed matrices hold one unlabelled series; this reads its value per step. */
export function scalarSteps(m: Matrix, range: StepRange): Float64Array {
  const steps = stepCount(range);
  const out = new Float64Array(steps).fill(Number.NaN);
  const s = m[0];
  if (!s) return out;
  for (let i = 0; i < s.ts.length; i++) {
    const step =
      range.interval > 0 ? Math.round(((s.ts[i] as number) - range.start) / range.interval) : 0;
    if (step >= 0 && step < steps) out[step] = s.vs[i] as number;
  }
  return out;
}
