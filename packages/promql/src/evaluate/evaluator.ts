// The evaluator: walks the AST over a range of steps, reading series fetched beforehand.
import type {
  AggregateExpr,
  AtModifier,
  BinaryExpr,
  Call,
  Expr,
  MatrixSelector,
  SubqueryExpr,
  VectorSelector,
} from '../ast';
import { isTrimOp } from '../ast';
import { executionError, PromqlError } from '../errors';
import type { FloatHistogram } from '../histogram/float-histogram';
import { histogramSampleSize } from '../histogram/sample-size';
import { multiplyHistogram } from '../histogram/scale';
import { typeOf } from '../parse/check-types';
import { absentLabels } from './absent-labels';
import { aggregateSeriesWise, seriesWiseOps } from './aggregate-series';
import { aggregateStep, countValuesStep, Grouper } from './aggregations';
import { type Annotations, formatGoG, invalidQuantileMessage } from './annotations';
import { type ResultMetricCache, scalarOp, signatureFunction, vectorBinop } from './binary';
import { setOperationSeries, vectorScalarSeries, vectorVectorSeries } from './binary-series';
import { smoothedValue } from './extended-range';
import { type FetchedSeries, upperBound } from './fetched-series';
import { vectorScalarStep } from './histogram-scalar-binary';
import { evalInfo, infoSelector, infoTimeAndOffset } from './info-function';
import { instantFunctions } from './instant-functions';
import { isValidLabelName, labelJoin, labelReplace, sortByLabel } from './label-functions';
import { evalRangeCall, type WindowSource } from './range-call';
import { rangeEval, type StepRange, scalarSteps, stepCount } from './range-eval';
import { smoothedMixedSeries } from './smoothed-histogram-selector';
import { type ValueFunction, valueFunctions } from './value-functions';
import {
  type EvalSeries,
  type EvalValue,
  hasHistograms,
  isStringValue,
  type Matrix,
  type Vector,
} from './values';

export interface EvaluatorOptions {
  readonly queryStart: number;
  readonly queryEnd: number;
  readonly lookbackDelta: number;
  readonly maxSamples: number;
  /** Absolute time (Date.now() ms) after which evaluation stops with a timeout. */
  readonly deadline: number;
  /** Collects warnings and infos. */
  readonly annotations: Annotations;
  /** Aborting it stops evaluation with a `canceled` error (e.g. when the HTTP client goes away). */
  readonly signal: Pick<AbortSignal, 'aborted'> | undefined;
  /** Step of subqueries written without one, like `[1h:]`. */
  readonly defaultSubqueryStep: number;
  readonly fetched: ReadonlyMap<VectorSelector, readonly FetchedSeries[]>;
}

export class Evaluator {
  constructor(
    readonly range: StepRange,
    readonly options: EvaluatorOptions,
  ) {}

  /** An evaluator for a subquery's own steps, sharing the fetched series and limits. */
  private child(range: StepRange): Evaluator {
    return new Evaluator(range, this.options);
  }

  resolveAt(at: AtModifier): number {
    if (at.kind === 'start') return this.options.queryStart;
    if (at.kind === 'end') return this.options.queryEnd;
    return at.kind === 'time' ? at.time : 0;
  }

  checkDeadline(): void {
    if (this.options.signal?.aborted) {
      throw new PromqlError('canceled', 'query was canceled in expression evaluation');
    }
    if (Date.now() > this.options.deadline) {
      throw new PromqlError('timeout', 'query timed out in expression evaluation');
    }
  }

  /** The maximum-samples limit, checked on each node's result (Prometheus counts a running peak). */
  private account(m: Matrix): Matrix {
    let n = 0;
    for (const s of m) {
      n += s.ts.length;
      if (s.hs) for (const h of s.hs) n += histogramSampleSize(h);
    }
    if (n > this.options.maxSamples) {
      throw new PromqlError(
        'execution',
        'query processing would load too many samples into memory in query execution',
      );
    }
    return m;
  }

  eval(e: Expr): EvalValue {
    this.checkDeadline();
    switch (e.kind) {
      case 'number':
        return this.constant(e.value);
      case 'string':
        return { kind: 'string', value: e.value };
      case 'paren':
        return this.eval(e.expr);
      case 'unary': {
        const m = this.evalMatrix(e.expr);
        if (e.op === '+') return m;
        const scalar = typeOf(e.expr) === 'scalar';
        return m.map((s) => ({
          metric: s.metric,
          ts: s.ts,
          vs: s.vs.map((v) => -v),
          ...(s.hts ? { hts: s.hts, hs: s.hs?.map((h) => multiplyHistogram(h, -1)) } : {}),
          dropName: scalar ? s.dropName : true,
        }));
      }
      case 'vectorSelector':
        return this.account(this.vectorSelector(e, false));
      case 'matrixSelector':
        return this.account(this.matrixSelectorRaw(e));
      case 'subquery':
        return this.account(this.subqueryRaw(e));
      case 'binary':
        return this.account(this.binary(e));
      case 'aggregate':
        return this.account(this.aggregate(e));
      case 'call':
        return this.account(this.call(e));
    }
  }

  evalMatrix(e: Expr): Matrix {
    const v = this.eval(e);
    if (isStringValue(v)) throw executionError('unexpected string value');
    return v;
  }

  private constant(value: number): Matrix {
    const steps = stepCount(this.range);
    const ts: number[] = new Array(steps);
    for (let i = 0; i < steps; i++) ts[i] = this.range.start + i * this.range.interval;
    return [{ metric: [], ts, vs: new Array(steps).fill(value), dropName: false }];
  }

  /** Instant lookups: the newest sample in (t - lookback, t], unless it is a staleness marker. */
  private vectorSelector(
    sel: VectorSelector,
    sampleTimes: boolean,
    series: readonly FetchedSeries[] = this.options.fetched.get(sel) ?? [],
  ): Matrix {
    const steps = stepCount(this.range);
    const lookback = this.options.lookbackDelta;
    const out: Matrix = [];
    const fixed = sel.at ? this.resolveAt(sel.at) - sel.offset : undefined;
    if (sel.smoothed && !sampleTimes) return this.smoothedSelector(sel, series);
    for (const s of series) {
      if (s.hts) {
        const mixed = this.mixedSeriesSelector(s, sel, fixed, sampleTimes);
        if (mixed) out.push(mixed);
        continue;
      }
      // Sized for every step up front, trimmed after: cheaper than growing by push.
      const ts: number[] = new Array(steps);
      const vs: number[] = new Array(steps);
      let count = 0;
      let idx = 0;
      for (let step = 0; step < steps; step++) {
        const t = this.range.start + step * this.range.interval;
        const ref = fixed ?? t - sel.offset;
        // idx: number of samples with time <= ref; refs only grow, so scanning forward suffices.
        if (fixed !== undefined) idx = upperBound(s.ts, ref);
        else while (idx < s.ts.length && (s.ts[idx] as number) <= ref) idx++;
        if (idx === 0) continue;
        const i = idx - 1;
        const sampleT = s.ts[i] as number;
        if (sampleT <= ref - lookback) continue;
        if (s.stale?.[i]) continue;
        ts[count] = t;
        vs[count] = sampleTimes ? sampleT / 1000 : (s.vs[i] as number);
        count++;
      }
      if (count === 0) continue;
      ts.length = count;
      vs.length = count;
      out.push({ metric: s.labels, ts, vs, dropName: sampleTimes });
    }
    return out;
  }

  /** The instant lookup of a series holding native histograms: the newer of its float and histogram. */
  private mixedSeriesSelector(
    s: FetchedSeries,
    sel: VectorSelector,
    fixed: number | undefined,
    sampleTimes: boolean,
  ): EvalSeries | undefined {
    const hts = s.hts as Float64Array;
    const hs = s.hs as readonly FloatHistogram[];
    const steps = stepCount(this.range);
    const lookback = this.options.lookbackDelta;
    const out: EvalSeries = { metric: s.labels, ts: [], vs: [], dropName: sampleTimes };
    let idx = 0;
    let hidx = 0;
    for (let step = 0; step < steps; step++) {
      const t = this.range.start + step * this.range.interval;
      const ref = fixed ?? t - sel.offset;
      if (fixed !== undefined) {
        idx = upperBound(s.ts, ref);
        hidx = upperBound(hts, ref);
      } else {
        while (idx < s.ts.length && (s.ts[idx] as number) <= ref) idx++;
        while (hidx < hts.length && (hts[hidx] as number) <= ref) hidx++;
      }
      const floatT = idx > 0 ? (s.ts[idx - 1] as number) : Number.NEGATIVE_INFINITY;
      const histT = hidx > 0 ? (hts[hidx - 1] as number) : Number.NEGATIVE_INFINITY;
      const sampleT = Math.max(floatT, histT);
      if (sampleT <= ref - lookback) continue;
      if (floatT >= histT) {
        if (s.stale?.[idx - 1]) continue;
        out.ts.push(t);
        out.vs.push(sampleTimes ? sampleT / 1000 : (s.vs[idx - 1] as number));
      } else if (sampleTimes) {
        out.ts.push(t);
        out.vs.push(sampleT / 1000);
      } else {
        out.hts ??= [];
        out.hs ??= [];
        out.hts.push(t);
        out.hs.push(hs[hidx - 1] as FloatHistogram);
      }
    }
    return out.ts.length > 0 || out.hts ? out : undefined;
  }

  private smoothedSelector(sel: VectorSelector, series: readonly FetchedSeries[]): Matrix {
    const steps = stepCount(this.range);
    const fixed = sel.at ? this.resolveAt(sel.at) - sel.offset : undefined;
    const out: Matrix = [];
    for (const s of series) {
      if (s.hts) {
        const mixed = this.smoothedHistograms(sel, s, fixed);
        if (mixed) out.push(mixed);
        continue;
      }
      const ts: number[] = [];
      const vs: number[] = [];
      for (let step = 0; step < steps; step++) {
        const t = this.range.start + step * this.range.interval;
        const v = smoothedValue(
          s.windowTs,
          s.windowVs,
          fixed ?? t - sel.offset,
          this.options.lookbackDelta,
        );
        if (v === undefined) continue;
        ts.push(t);
        vs.push(v);
      }
      if (ts.length > 0) out.push({ metric: s.labels, ts, vs, dropName: false });
    }
    return out;
  }

  private smoothedHistograms(sel: VectorSelector, s: FetchedSeries, fixed: number | undefined) {
    const metricName = s.labels.find((l) => l.name === '__name__')?.value ?? '';
    return smoothedMixedSeries(
      { metric: s.labels, ts: s.windowTs, vs: s.windowVs, hts: s.hts, hs: s.hs, dropName: false },
      {
        ...this.range,
        steps: stepCount(this.range),
        offset: sel.offset,
        fixed,
        lookback: this.options.lookbackDelta,
      },
      { metricName, note: this.options.annotations.sink(sel) },
    );
  }

  private matrixSelectorRaw(e: MatrixSelector): Matrix {
    const sources = this.matrixSources(e.selector);
    return this.rawWindows(sources, e.range, e.selector.offset, e.selector.at);
  }

  private subqueryRaw(e: SubqueryExpr): Matrix {
    return this.rawWindows(this.subquerySources(e), e.range, e.offset, e.at);
  }

  /** A range vector as a query result: the points inside the window of the (single) step. */
  private rawWindows(
    sources: WindowSource[],
    range: number,
    offset: number,
    at: AtModifier | undefined,
  ): Matrix {
    if (this.range.start !== this.range.end) {
      throw new PromqlError('bad_data', 'cannot do range evaluation of matrix selector');
    }
    const ref = (at ? this.resolveAt(at) : this.range.start) - offset;
    const out: Matrix = [];
    for (const s of sources) {
      const from = upperBound(s.ts, ref - range);
      const to = upperBound(s.ts, ref);
      const hFrom = s.hts ? upperBound(s.hts, ref - range) : 0;
      const hTo = s.hts ? upperBound(s.hts, ref) : 0;
      if (to <= from && hTo <= hFrom) continue;
      out.push({
        metric: s.metric,
        ts: Array.from(s.ts).slice(from, to),
        vs: Array.from(s.vs).slice(from, to),
        ...(hTo > hFrom
          ? {
              hts: Array.from(s.hts as ArrayLike<number>).slice(hFrom, hTo),
              hs: s.hs?.slice(hFrom, hTo) ?? [],
            }
          : {}),
        dropName: s.dropName,
      });
    }
    return out;
  }

  matrixSources(sel: VectorSelector): WindowSource[] {
    // `hs` passed on as a getter: a series' histograms are made when its windows are evaluated.
    return (this.options.fetched.get(sel) ?? []).map((s) => ({
      metric: s.labels,
      ts: s.windowTs,
      vs: s.windowVs,
      hts: s.hts,
      get hs() {
        return s.hs;
      },
      dropName: false,
    }));
  }

  /** Evaluates a subquery's inner expression at its own aligned steps. */
  subquerySources(e: SubqueryExpr): WindowSource[] {
    const step = e.step || this.options.defaultSubqueryStep;
    const outerStart = e.at ? this.resolveAt(e.at) : this.range.start;
    const outerEnd = e.at
      ? outerStart
      : this.range.interval > 0
        ? this.range.start +
          Math.floor((this.range.end - this.range.start) / this.range.interval) *
            this.range.interval
        : this.range.end;
    const lowest = outerStart - e.offset - e.range;
    let start = step * Math.floor(lowest / step);
    if (start <= lowest) start += step;
    const end = outerEnd - e.offset;
    // Each step may hold a sample of every series: steps past the samples limit are refused before
    // anything is allocated (`[1000y:1ms]` would otherwise ask for 3e13 of them).
    if (stepCount({ start, end, interval: step }) > this.options.maxSamples) {
      throw new PromqlError(
        'execution',
        'query processing would load too many samples into memory in query execution',
      );
    }
    const child = this.child({ start, end, interval: step });
    const inner = child.evalMatrix(e.expr);
    return inner;
  }

  private binary(e: BinaryExpr): Matrix {
    const lt = typeOf(e.lhs);
    const rt = typeOf(e.rhs);
    const lhs = this.evalMatrix(e.lhs);
    const rhs = this.evalMatrix(e.rhs);
    const op = e.op;
    if (lt === 'scalar' && rt === 'scalar') {
      return rangeEval(this.range, [lhs, rhs], ([l, r], t) => [
        {
          metric: [],
          f: scalarOp(op, l?.[0]?.f ?? Number.NaN, r?.[0]?.f ?? Number.NaN),
          t,
          dropName: false,
        },
      ]);
    }
    // Native histograms and the trim operators take the step-wise path: floats keep the fast ones.
    const histograms = isTrimOp(op) || hasHistograms(lhs) || hasHistograms(rhs);
    const note = this.options.annotations.sink(e);
    if (histograms && lt !== rt) {
      const swap = lt === 'scalar';
      const scalar = scalarSteps(swap ? lhs : rhs, this.range);
      return rangeEval(this.range, [swap ? rhs : lhs], ([v], _t, step) =>
        vectorScalarStep(op, v as Vector, scalar[step] as number, swap, e.returnBool, note),
      );
    }
    if (lt === 'vector' && rt === 'scalar') {
      return vectorScalarSeries(
        op,
        lhs,
        scalarSteps(rhs, this.range),
        this.range,
        false,
        e.returnBool,
      );
    }
    if (lt === 'scalar' && rt === 'vector') {
      return vectorScalarSeries(
        op,
        rhs,
        scalarSteps(lhs, this.range),
        this.range,
        true,
        e.returnBool,
      );
    }
    const matching = e.matching ?? { card: 'one-to-one', labels: [], on: false, include: [] };
    const sig = signatureFunction(matching);
    switch (op) {
      case 'and':
      case 'or':
      case 'unless':
        return setOperationSeries(op, lhs, rhs, sig, this.range, stepCount(this.range));
      default: {
        const fast = histograms
          ? undefined
          : vectorVectorSeries(op, lhs, rhs, matching, e.returnBool, sig);
        if (fast) return fast;
        const resultMetrics: ResultMetricCache = new Map();
        return rangeEval(this.range, [lhs, rhs], ([l, r]) =>
          vectorBinop(
            op,
            l as Vector,
            r as Vector,
            matching,
            e.returnBool,
            sig,
            resultMetrics,
            note,
          ),
        );
      }
    }
  }

  private aggregate(e: AggregateExpr): Matrix {
    if (e.op === 'count_values') {
      let label = e.param;
      while (label?.kind === 'paren') label = label.expr;
      const param = label?.kind === 'string' ? label.value : '';
      if (!isValidLabelName(param)) throw executionError(`invalid label name ${goQuote(param)}`);
      const input = this.evalMatrix(e.expr);
      return rangeEval(this.range, [input], ([v], t) => countValuesStep(e, v as Vector, param, t));
    }
    const params = e.param ? scalarSteps(this.evalMatrix(e.param), this.range) : undefined;
    if (params && e.op === 'quantile') {
      for (const q of params) {
        const invalid = invalidQuantileMessage(q);
        if (invalid) this.options.annotations.add('warning', invalid, e.param);
      }
    }
    if (params && e.op === 'limit_ratio') {
      for (const r of params) {
        if (r < -1 || r > 1) {
          const capped = Math.max(-1, Math.min(1, r));
          this.options.annotations.add(
            'warning',
            `ratio value should be between -1 and 1, got ${formatGoG(r)}, capping to ${formatGoG(capped)}`,
            e.param,
          );
        }
      }
    }
    const input = this.evalMatrix(e.expr);
    const grouper = new Grouper(e.grouping, e.without);
    if (seriesWiseOps.has(e.op) && !hasHistograms(input))
      return aggregateSeriesWise(e, input, grouper, this.range);
    const annotations = this.options.annotations;
    return rangeEval(this.range, [input], ([v], t, step) =>
      aggregateStep(
        e,
        v as Vector,
        params ? (params[step] as number) : Number.NaN,
        grouper,
        t,
        annotations,
      ),
    );
  }

  private call(e: Call): Matrix {
    const name = e.name;
    const first = e.args[0];
    if (name === 'timestamp' && first?.kind === 'vectorSelector') {
      return this.vectorSelector(first, true);
    }
    const matrixIndex = e.args.findIndex(
      (a) => a.kind === 'matrixSelector' || a.kind === 'subquery',
    );
    if (matrixIndex >= 0) return evalRangeCall(this, e, matrixIndex);
    switch (name) {
      case 'label_replace':
        return labelReplace(
          this.evalMatrix(first as Expr),
          this.stringArg(e, 1),
          this.stringArg(e, 2),
          this.stringArg(e, 3),
          this.stringArg(e, 4),
        );
      case 'label_join':
        return labelJoin(
          this.evalMatrix(first as Expr),
          this.stringArg(e, 1),
          this.stringArg(e, 2),
          e.args.slice(3).map((_, i) => this.stringArg(e, i + 3)),
        );
      case 'absent':
        return this.absent(e);
      case 'info': {
        const base = this.evalMatrix(first as Expr);
        const sel = infoSelector(e);
        const { at, offset } = infoTimeAndOffset(first as Expr);
        const timing: VectorSelector = { ...sel, at, offset };
        return evalInfo({
          call: e,
          base,
          candidates: this.options.fetched.get(sel) ?? [],
          lookupTimes: (series) => {
            // Info metrics are floats: a histogram where an info sample is looked up is an error.
            if (
              series.some((s) => s.hts) &&
              this.vectorSelector(timing, false, series).some((s) => s.hts)
            )
              throw executionError('info sample should be float');
            return this.vectorSelector(timing, true, series);
          },
          range: this.range,
        });
      }
      case 'start':
        return this.constant(this.options.queryStart / 1000);
      case 'end':
        return this.constant(this.options.queryEnd / 1000);
      case 'step':
        return this.constant(this.range.interval / 1000);
      case 'range':
        return this.constant((this.options.queryEnd - this.options.queryStart) / 1000);
      case 'min_of':
      case 'max_of': {
        const [a, b] = e.args.map((x) => this.evalMatrix(x));
        return rangeEval(this.range, [a as Matrix, b as Matrix], ([x, y], t) => [
          {
            metric: [],
            f: (name === 'min_of' ? Math.min : Math.max)(
              x?.[0]?.f ?? Number.NaN,
              y?.[0]?.f ?? Number.NaN,
            ),
            t,
            dropName: false,
          },
        ]);
      }
      case 'sort_by_label':
      case 'sort_by_label_desc': {
        if (this.range.start !== this.range.end) {
          this.options.annotations.add(
            'warning',
            'sort is ineffective for range queries since results are always ordered by labels',
            e,
          );
        }
        const labels = e.args.slice(1).map((_, i) => this.stringArg(e, i + 1));
        const input = this.evalMatrix(first as Expr);
        return rangeEval(this.range, [input], ([v]) =>
          sortByLabel(v as Vector, labels, name === 'sort_by_label_desc'),
        );
      }
    }
    const valueFn = valueFunctions[name];
    if (valueFn && first !== undefined && typeOf(first) === 'vector')
      return this.mapSeries(e, valueFn);
    const fn = instantFunctions[name];
    const annotate = (i: number, kind: 'warning' | 'info', message: string) =>
      this.options.annotations.add(kind, message, e.args[i]);
    if (!fn) throw executionError(`function "${name}" is not supported`);
    if (name === 'histogram_quantiles') {
      const labelName = this.stringArg(e, 1);
      const inputs = e.args.map((a, i) => (i === 1 ? [] : this.evalMatrix(a)));
      return rangeEval(this.range, inputs, (vectors, t) => fn({ vectors, t, labelName, annotate }));
    }
    if (name.startsWith('sort') && this.range.start !== this.range.end) {
      this.options.annotations.add(
        'warning',
        'sort is ineffective for range queries since results are always ordered by labels',
        e,
      );
    }
    const inputs = e.args.map((a) => this.evalMatrix(a));
    return rangeEval(this.range, inputs, (vectors, t) => fn({ vectors, t, annotate }));
  }

  /** Per-value functions series by series: the scalar arguments are read per step. */
  private mapSeries(e: Call, fn: ValueFunction): Matrix {
    const input = this.evalMatrix(e.args[0] as Expr);
    const params = e.args.slice(1).map((a) => scalarSteps(this.evalMatrix(a), this.range));
    const stepParams: number[] = params.map(() => Number.NaN);
    const { start, interval } = this.range;
    const out: Matrix = [];
    for (const s of input) {
      const ts: number[] = [];
      const vs: number[] = [];
      for (let i = 0; i < s.ts.length; i++) {
        const t = s.ts[i] as number;
        if (params.length > 0) {
          const step = interval > 0 ? Math.round((t - start) / interval) : 0;
          for (let k = 0; k < params.length; k++)
            stepParams[k] = (params[k] as Float64Array)[step] as number;
        }
        const v = fn(s.vs[i] as number, stepParams);
        if (v === undefined) continue;
        ts.push(t);
        vs.push(v);
      }
      if (ts.length > 0) out.push({ metric: s.metric, ts, vs, dropName: true });
    }
    return out;
  }

  private stringArg(e: Call, i: number): string {
    const a = e.args[i];
    return a?.kind === 'string' ? a.value : '';
  }

  private absent(e: Call): Matrix {
    const input = this.evalMatrix(e.args[0] as Expr);
    const labels = absentLabels(e.args[0] as Expr);
    return rangeEval(this.range, [input], ([v], t) =>
      (v as Vector).length > 0 ? [] : [{ metric: labels, f: 1, t, dropName: false }],
    );
  }
}

/** Go's %q for a label name, showing invalid bytes (kept as lone surrogates) as \xNN. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0xdc80 && code <= 0xdcff) out += `\\x${(code - 0xdc00).toString(16)}`;
    else if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else out += ch;
  }
  return `${out}"`;
}
