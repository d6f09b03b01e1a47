// Functions over range vectors (rate, *_over_time, ...): for each series, slide the window over the
// steps and apply the function to index ranges of its sample arrays.
import type { AtModifier, Call, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../ast';
import { executionError, PromqlError } from '../errors';
import type { FloatHistogram } from '../histogram/float-histogram';
import type { Label } from '../labels';
import { absentLabels } from './absent-labels';
import { type Annotations, invalidQuantileMessage } from './annotations';
import { checkExtendedModifier, extendedRangeFunction } from './extended-range';
import { upperBound } from './fetched-series';
import { evalMixedSeries, mixedRangeFunction } from './mixed-range-call';
import type { StepRange } from './range-eval';
import { scalarSteps, stepCount } from './range-eval';
import {
  counterResetPrefix,
  rangeFunctions,
  rangeFunctionsKeepingName,
  type Window,
} from './range-functions';
import { withoutResetHints } from './subquery-histograms';
import type { EvalSeries, Matrix } from './values';

type MutableWindow = { -readonly [K in keyof Window]: Window[K] };

/** Series read by a range function: either storage series or a subquery's output. */
export interface WindowSource {
  readonly metric: readonly Label[];
  readonly ts: ArrayLike<number>;
  readonly vs: ArrayLike<number>;
  /** Native-histogram points, apart from the floats (absent when the series has none). */
  readonly hts?: ArrayLike<number> | undefined;
  readonly hs?: readonly FloatHistogram[] | undefined;
  readonly dropName: boolean;
}

/** What the range-function evaluation needs from the evaluator. */
export interface RangeCallContext {
  readonly range: StepRange;
  readonly options: {
    readonly lookbackDelta: number;
    readonly maxSamples: number;
    readonly annotations: Annotations;
  };
  resolveAt(at: AtModifier): number;
  evalMatrix(e: Expr): Matrix;
  matrixSources(sel: VectorSelector): WindowSource[];
  subquerySources(e: SubqueryExpr): WindowSource[];
  checkDeadline(): void;
}

export function evalRangeCall(ev: RangeCallContext, e: Call, matrixIndex: number): Matrix {
  const name = e.name;
  const arg = e.args[matrixIndex] as MatrixSelector | SubqueryExpr;
  const params = e.args.map((a, i) =>
    i === matrixIndex ? undefined : scalarSteps(ev.evalMatrix(a), ev.range),
  );
  let sources: WindowSource[];
  let range: number;
  let offset: number;
  let at: AtModifier | undefined;
  if (arg.kind === 'matrixSelector') {
    sources = ev.matrixSources(arg.selector);
    range = arg.range;
    offset = arg.selector.offset;
    at = arg.selector.at;
  } else {
    sources = ev.subquerySources(arg).map(withoutResetHints);
    range = arg.range;
    offset = arg.offset;
    at = arg.at;
  }
  const steps = stepCount(ev.range);
  if (name === 'absent_over_time') return absentOverTime(ev, e, sources, range, offset, at, steps);
  const anchored = arg.kind === 'matrixSelector' && arg.selector.anchored === true;
  const smoothed = arg.kind === 'matrixSelector' && arg.selector.smoothed === true;
  if (anchored || smoothed) checkExtendedModifier(name, anchored, smoothed);
  const lookback = ev.options.lookbackDelta;
  // Extended windows reach back (and for smoothed, forward) by the lookback delta.
  const before = anchored || smoothed ? lookback : 0;
  const after = smoothed ? lookback : 0;
  if (name === 'quantile_over_time') {
    for (const q of params[0] ?? []) {
      const invalid = invalidQuantileMessage(q);
      if (invalid) ev.options.annotations.add('warning', invalid, e.args[0]);
    }
  }
  const fn: ((w: Window) => number | undefined) | undefined =
    anchored || smoothed ? (w) => extendedRangeFunction(name, w, smoothed) : rangeFunctions[name];
  if (!fn) throw executionError(`function "${name}" is not supported on range vectors`);
  const dropName = !rangeFunctionsKeepingName.has(name);
  const fixed = at ? ev.resolveAt(at) - offset : undefined;
  // One reused window and parameter list: this loop runs once per series and step.
  const scalarParams = params.filter((p): p is Float64Array => p !== undefined);
  const stepParams: number[] = scalarParams.map(() => Number.NaN);
  const w: MutableWindow = {
    ts: [],
    vs: [],
    from: 0,
    to: 0,
    t: 0,
    rangeStart: 0,
    rangeEnd: 0,
    params: stepParams,
    resetPrefix: undefined,
  };
  const usesResets = (name === 'rate' || name === 'increase') && steps > 1;
  const out: Matrix = [];
  let windowSamples = 0;
  let mixedFn: ReturnType<typeof mixedRangeFunction> | undefined;
  for (const s of sources) {
    if (s.hts && s.hts.length > 0) {
      // Series with native histograms take their own, slower loop.
      const extended = anchored ? 'anchored' : smoothed ? 'smoothed' : undefined;
      mixedFn ??= mixedRangeFunction(name, fn, rangeFunctions, extended);
      const stepWindows = {
        start: ev.range.start,
        interval: ev.range.interval,
        steps,
        range,
        offset,
        fixed,
        before,
        after,
        scalarParams,
      };
      const notes = { metricName: metricNameOf(s), note: ev.options.annotations.sink(arg) };
      let mixed: ReturnType<typeof evalMixedSeries>;
      try {
        mixed = evalMixedSeries(s, stepWindows, mixedFn, notes);
      } catch (error) {
        if (error instanceof RangeError) throw executionError(error.message);
        throw error;
      }
      windowSamples = Math.max(windowSamples, mixed.windowSamples);
      if (mixed.series.ts.length === 0 && !mixed.series.hts) continue;
      if (dropName) mixed.series.dropName = true;
      out.push(mixed.series);
      if (mixed.series.ts.length > 0) notCounterInfo(ev, name, s, arg);
      continue;
    }
    // Sized for every step up front, trimmed after: cheaper than growing by push.
    const ts: number[] = new Array(steps);
    const vs: number[] = new Array(steps);
    let count = 0;
    let from = 0;
    let to = 0;
    const n = s.ts.length;
    const prefix = usesResets ? counterResetPrefix(s.vs) : undefined;
    for (let step = 0; step < steps; step++) {
      const t = ev.range.start + step * ev.range.interval;
      const rangeEnd = fixed ?? t - offset;
      const rangeStart = rangeEnd - range;
      if (fixed !== undefined) {
        from = upperBound(s.ts, rangeStart - before);
        to = upperBound(s.ts, rangeEnd + after);
      } else {
        while (to < n && (s.ts[to] as number) <= rangeEnd + after) to++;
        while (from < to && (s.ts[from] as number) <= rangeStart - before) from++;
      }
      if (to === from) continue;
      windowSamples = Math.max(windowSamples, to - from);
      if (scalarParams.length > 0) {
        for (let k = 0; k < scalarParams.length; k++)
          stepParams[k] = (scalarParams[k] as Float64Array)[step] as number;
      }
      w.ts = s.ts;
      w.vs = s.vs;
      w.resetPrefix = prefix;
      w.from = from;
      w.to = to;
      w.t = t;
      w.rangeStart = rangeStart;
      w.rangeEnd = rangeEnd;
      let v: number | undefined;
      try {
        v = fn(w);
      } catch (error) {
        if (error instanceof RangeError) throw executionError(error.message);
        throw error;
      }
      if (v === undefined) continue;
      ts[count] = t;
      vs[count] = v;
      count++;
    }
    if (count > 0) {
      ts.length = count;
      vs.length = count;
      out.push({ metric: s.metric, ts, vs, dropName: dropName || s.dropName });
      notCounterInfo(ev, name, s, arg);
    }
  }
  if (windowSamples > ev.options.maxSamples) {
    throw new PromqlError(
      'execution',
      'query processing would load too many samples into memory in query execution',
    );
  }
  ev.checkDeadline();
  return out;
}

const metricNameOf = (s: WindowSource) => s.metric.find((l) => l.name === '__name__')?.value ?? '';

/** Prometheus's info on rate/increase of a metric not named like a counter (float results only). */
function notCounterInfo(ev: RangeCallContext, name: string, s: WindowSource, arg: object): void {
  if (name !== 'rate' && name !== 'increase') return;
  const metricName = metricNameOf(s);
  if (metricName !== '' && !/_(total|sum|count|bucket)$/.test(metricName)) {
    ev.options.annotations.add(
      'info',
      `metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${JSON.stringify(metricName)}`,
      arg,
    );
  }
}

function absentOverTime(
  ev: RangeCallContext,
  e: Call,
  sources: WindowSource[],
  range: number,
  offset: number,
  at: AtModifier | undefined,
  steps: number,
): Matrix {
  const present = new Uint8Array(steps);
  const fixed = at ? ev.resolveAt(at) - offset : undefined;
  for (const s of sources) {
    for (let step = 0; step < steps; step++) {
      const t = ev.range.start + step * ev.range.interval;
      const end = fixed ?? t - offset;
      if (upperBound(s.ts, end) > upperBound(s.ts, end - range)) present[step] = 1;
      else if (s.hts && upperBound(s.hts, end) > upperBound(s.hts, end - range)) present[step] = 1;
    }
  }
  const series: EvalSeries = {
    metric: absentLabels(e.args[0] as Expr),
    ts: [],
    vs: [],
    dropName: false,
  };
  for (let step = 0; step < steps; step++) {
    if (present[step]) continue;
    series.ts.push(ev.range.start + step * ev.range.interval);
    series.vs.push(1);
  }
  return series.ts.length > 0 ? [series] : [];
}
