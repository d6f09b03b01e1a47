// Query entry points: parse, plan the selects, fetch from storage once per selector, evaluate in memory.
import type { Expr, LabelMatcher, ValueType, VectorSelector } from './ast';
import { PromqlError } from './errors';
import { Annotations } from './evaluate/annotations';
import { Evaluator } from './evaluate/evaluator';
import { type FetchedSeries, prepareSeries } from './evaluate/fetched-series';
import { statsOnlySelectors } from './evaluate/histogram-stats-selectors';
import { mergeSameLabels } from './evaluate/label-functions';
import { planSelects } from './evaluate/select-plan';
import { type EvalSeries, type EvalValue, isStringValue, type Matrix } from './evaluate/values';
import type { FloatHistogram } from './histogram/float-histogram';
import { histogramSampleSize } from './histogram/sample-size';
import { compareLabels, dropMetricName, type Labels, labelsKey } from './labels';
import { typeOf } from './parse/check-types';
import { parseExpr, positionOf } from './parse/parser';
import type { Storage, StoredHistograms, StoredSeries } from './storage';

export interface QueryOptions {
  /** How far back an instant lookup finds a sample (ms); Prometheus's default is 5 minutes. */
  readonly lookbackDelta?: number;
  /**
   * Most samples the query may load from storage in all (every selector together) and hold in
   * one node's result; Prometheus's default (--query.max-samples) is 50 million.
   */
  readonly maxSamples?: number;
  /** Evaluation time limit (ms), counted from the start of the query; default 2 minutes. */
  readonly timeoutMs?: number;
  /** Step for subqueries without one (`[1h:]`); Prometheus uses the global evaluation interval, 1m. */
  readonly defaultSubqueryStep?: number;
  /**
   * Cancels the query: evaluation stops with a PromqlError of type `canceled` at its next step.
   * An AbortSignal, or any flag another thread sets (a worker's evaluation never yields to its
   * event loop, so only a flag it reads can stop it).
   */
  readonly signal?: Pick<AbortSignal, 'aborted'>;
  /** For a query passed as a tree: the text it was parsed from, to give annotations positions. */
  readonly queryText?: string;
}

export interface InstantSample {
  readonly metric: Labels;
  /** ms */
  readonly t: number;
  /** The float value; NaN when the sample is a histogram. */
  readonly v: number;
  /** Set when the sample is a native histogram (the API's `histogram` instead of `value`). */
  readonly h?: FloatHistogram;
}

export interface RangeSeries {
  readonly metric: Labels;
  /** ms, ascending */
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
  /** Native-histogram points (the API's `histograms`), ms ascending; absent when there are none. */
  readonly histogramTimestamps?: readonly number[];
  readonly histograms?: readonly FloatHistogram[];
}

/** Annotations beside a result, as the API's `warnings` and `infos` ("PromQL info: ... (1:6)"). */
export interface QueryAnnotations {
  readonly warnings?: readonly string[];
  readonly infos?: readonly string[];
}

export type QueryResult = (
  | { readonly resultType: 'vector'; readonly result: InstantSample[] }
  | { readonly resultType: 'matrix'; readonly result: RangeSeries[] }
  | { readonly resultType: 'scalar'; readonly result: { readonly t: number; readonly v: number } }
  | { readonly resultType: 'string'; readonly result: { readonly t: number; readonly v: string } }
) &
  QueryAnnotations;

const defaults = {
  lookbackDelta: 5 * 60_000,
  maxSamples: 50_000_000,
  timeoutMs: 120_000,
  defaultSubqueryStep: 60_000,
};

/** Stored histograms' size against the samples limit: exact, or `bound` for a cheap upper bound. */
function histogramsSize(h: StoredHistograms | undefined, bound: boolean): number {
  if (!h) return 0;
  if (bound && h.sampleSizeAtMost !== undefined) return h.sampleSizeAtMost;
  const exact = h.sampleSize;
  if (exact !== undefined) return exact;
  let size = 0;
  for (const histogram of h.values) size += histogramSampleSize(histogram);
  return size;
}

/** Evaluates a query at one time (ms). */
export async function instantQuery(
  storage: Storage,
  query: string | Expr,
  time: number,
  options: QueryOptions = {},
): Promise<QueryResult> {
  const expr = typeof query === 'string' ? parseExpr(query, { step: 0, range: 0 }) : query;
  const annotations = annotationsFor(query, options.queryText);
  const value = await evaluate(storage, expr, time, time, 0, options, annotations);
  return withAnnotations(instantResult(expr, value, time), annotations);
}

/** Evaluates a query at every step from start to end (ms). */
export async function rangeQuery(
  storage: Storage,
  query: string | Expr,
  start: number,
  end: number,
  step: number,
  options: QueryOptions = {},
): Promise<QueryResult> {
  if (step <= 0)
    throw new PromqlError(
      'bad_data',
      'zero or negative query resolution step widths are not accepted',
    );
  if (end < start) throw new PromqlError('bad_data', 'end timestamp must not be before start time');
  const expr = typeof query === 'string' ? parseExpr(query, { step, range: end - start }) : query;
  const type = typeOf(expr);
  if (type !== 'scalar' && type !== 'vector') {
    throw new PromqlError(
      'bad_data',
      `invalid expression type "${describe(type)}" for range query, must be Scalar or instant Vector`,
    );
  }
  const annotations = annotationsFor(query, options.queryText);
  const value = (await evaluate(storage, expr, start, end, step, options, annotations)) as Matrix;
  const cleaned =
    type === 'vector' ? cleanupMatrix(value) : value.map((s) => ({ ...s, metric: [] }));
  cleaned.sort((a, b) => compareLabels(a.metric, b.metric));
  return withAnnotations(
    {
      resultType: 'matrix',
      result: cleaned.map(rangeSeriesOf),
    },
    annotations,
  );
}

/** Positions in annotations need the query text; a query given as a tree gets them without. */
function annotationsFor(query: string | Expr, text: string | undefined): Annotations {
  return new Annotations(typeof query === 'string' ? query : text, (node) =>
    positionOf(node as Expr),
  );
}

function withAnnotations(result: QueryResult, annotations: Annotations): QueryResult {
  if (annotations.warnings.size === 0 && annotations.infos.size === 0) return result;
  return { ...result, warnings: [...annotations.warnings], infos: [...annotations.infos] };
}

function describe(t: ValueType): string {
  return t === 'matrix' ? 'range vector' : t;
}

async function evaluate(
  storage: Storage,
  expr: Expr,
  start: number,
  end: number,
  step: number,
  options: QueryOptions,
  annotations: Annotations,
): Promise<EvalValue> {
  const began = Date.now();
  const o = { ...defaults, ...options };
  if (options.signal?.aborted)
    throw new PromqlError('canceled', 'query was canceled in query execution');
  const plan = planSelects(expr, {
    queryStart: start,
    queryEnd: end,
    lookbackDelta: o.lookbackDelta,
  });
  const fetched = new Map<VectorSelector, FetchedSeries[]>();
  const statsSelectors = statsOnlySelectors(expr);
  // Samples loaded, counted with each storage's cheap bound for histograms; past the limit, the
  // exact count decides (stored histograms need not be decoded to be counted).
  let loaded = 0;
  const selected: StoredSeries[] = [];
  await Promise.all(
    [...plan].map(async ([sel, r]) => {
      const stored = await storage.select(sel.matchers, r.minT, r.maxT);
      for (const series of stored) {
        selected.push(series);
        loaded += series.values.length + histogramsSize(series.histograms, true);
      }
      if (loaded > o.maxSamples) {
        loaded = 0;
        for (const series of selected) {
          loaded += series.values.length + histogramsSize(series.histograms, false);
        }
      }
      if (loaded > o.maxSamples) {
        throw new PromqlError(
          'execution',
          'query processing would load too many samples into memory in query execution',
        );
      }
      const statsOnly = statsSelectors.has(sel);
      fetched.set(
        sel,
        stored.map((s) => prepareSeries(s, statsOnly)),
      );
    }),
  );
  const evaluator = new Evaluator(
    { start, end, interval: step },
    {
      queryStart: start,
      queryEnd: end,
      lookbackDelta: o.lookbackDelta,
      maxSamples: o.maxSamples,
      deadline: began + o.timeoutMs,
      signal: options.signal,
      defaultSubqueryStep: o.defaultSubqueryStep,
      fetched,
      annotations,
    },
  );
  return evaluator.eval(expr);
}

function instantResult(expr: Expr, value: EvalValue, time: number): QueryResult {
  if (isStringValue(value)) return { resultType: 'string', result: { t: time, v: value.value } };
  const type = typeOf(expr);
  if (type === 'scalar') {
    return { resultType: 'scalar', result: { t: time, v: value[0]?.vs[0] ?? Number.NaN } };
  }
  if (type === 'matrix') {
    return {
      resultType: 'matrix',
      result: cleanupMatrix(value).map(rangeSeriesOf),
    };
  }
  const seen = new Set<string>();
  const result: InstantSample[] = [];
  for (const s of value) {
    const metric = s.dropName ? dropMetricName(s.metric) : s.metric;
    const key = labelsKey(metric);
    if (seen.has(key))
      throw new PromqlError('execution', 'vector cannot contain metrics with the same labelset');
    seen.add(key);
    const h = s.ts.length === 0 ? s.hs?.[0] : undefined;
    result.push(
      h ? { metric, t: time, v: Number.NaN, h } : { metric, t: time, v: s.vs[0] as number },
    );
  }
  return { resultType: 'vector', result };
}

function rangeSeriesOf(s: EvalSeries): RangeSeries {
  const out = { metric: s.metric, timestamps: s.ts, values: s.vs };
  return s.hts && s.hts.length > 0
    ? { ...out, histogramTimestamps: s.hts, histograms: s.hs ?? [] }
    : out;
}

/** Drops names marked for dropping, merging series that then share labels. */
function cleanupMatrix(m: Matrix): Matrix {
  return mergeSameLabels(
    m.map((s) => (s.dropName ? { ...s, metric: dropMetricName(s.metric), dropName: false } : s)),
  );
}

/** Parses a series selector such as `up{job="api"}` (the API's match[] parameter) into its matchers. */
export function parseSeriesSelector(text: string): LabelMatcher[] {
  const expr = parseExpr(text);
  if (expr.kind !== 'vectorSelector') {
    throw new PromqlError(
      'bad_data',
      `invalid parameter "match[]": ${text} is not a series selector`,
    );
  }
  return [...expr.matchers];
}
