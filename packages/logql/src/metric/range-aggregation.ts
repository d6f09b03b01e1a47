// A range aggregation over the whole step grid from one read of the storage: the entries come once,
// in time order, from (start - range - offset, end - offset]; each step's window is Loki's
// (t - offset - range, t - offset], open on the left and closed on the right, and slides forward, so a
// series holds only the points of its current window. A series appears at a step when its window
// holds a point (absent_over_time: the one series when no window does).
import type { EvalSeries, Label, Labels, Matrix } from '@otel-lab/promql';
import type { Grouping, LabelMatcher, RangeAggregationExpr } from '../ast';
import { ERROR_LABEL } from '../pipeline/labels-builder';
import { pushdownLineFilters } from '../pipeline/pipeline';
import type { LogEntry, LogStorage } from '../storage';
import { countable, countedBuckets } from './bucket-counts';
import { pipelineError, seriesLimitError } from './metric-errors';
import { checkSpan, type QueryContext, stepTimeNs } from './query-context';
import { compileSampleExtractor } from './sample-extractor';
import { goSeconds } from './unwrap-conversion';
import { binnable, binnedWindowFunction, windowFunction } from './window-functions';

interface WindowSeries {
  readonly labels: Labels;
  ts: number[];
  vs: number[];
  from: number;
  readonly out: EvalSeries;
  readonly hasError: boolean;
}

export async function evaluateRangeAggregation(
  expr: RangeAggregationExpr,
  storage: LogStorage,
  ctx: QueryContext,
  pushed?: Grouping,
  /** At the query's root the result's series limit applies as series appear, not after the read. */
  seriesCap = Number.POSITIVE_INFINITY,
): Promise<Matrix> {
  const { rangeNs, offsetNs } = expr.range;
  const readFrom = ctx.startNs - rangeNs - offsetNs;
  // Loki adds a nanosecond to the end: its reads are end-exclusive, its windows end-inclusive.
  const readTo = ctx.endNs - offsetNs + 1n;
  checkSpan(readFrom, readTo);
  const span = Number(readTo - readFrom);
  const { extract, projection } = compileSampleExtractor(expr, pushed);
  const range = Number(rangeNs);
  const unwrapped = expr.range.unwrap !== undefined;
  const seconds = goSeconds(rangeNs);
  // Window edges per step, as offsets from readFrom.
  const ends = new Float64Array(ctx.steps);
  for (let i = 0; i < ctx.steps; i++) ends[i] = Number(stepTimeNs(ctx, i) - offsetNs - readFrom);
  // Count-like ops keep one sum per cell between window edges, not every point: any two points of a
  // cell are in the same windows, so a window's total is the sum of its cells (held memory grows
  // with steps, not with lines).
  const cuts = binnable(expr.op, unwrapped) ? windowEdges(ends, range) : undefined;
  let cut = 0;
  const fn = cuts
    ? binnedWindowFunction(expr.op, seconds)
    : windowFunction(expr.op, range, seconds, unwrapped, expr.param ?? 0);
  const active = new Map<string, WindowSeries>();
  const outputs = new Map<string, EvalSeries>();
  const absent =
    expr.op === 'absent_over_time' ? absentSeries(expr.range.selector.matchers) : undefined;
  let held = 0;
  let step = 0;
  let last = 0;

  const emit = (i: number) => {
    const end = ends[i] as number;
    const start = end - range;
    let any = false;
    for (const [key, s] of active) {
      let from = s.from;
      while (from < s.ts.length && (s.ts[from] as number) <= start) from++;
      held -= from - s.from;
      ctx.budget.release(from - s.from);
      s.from = from;
      if (from >= s.ts.length) {
        active.delete(key);
        continue;
      }
      if (s.hasError) throw pipelineError(s.labels);
      any = true;
      if (!absent) {
        s.out.ts.push(i);
        s.out.vs.push(fn(s, end));
        ctx.budget.take(1);
      }
      if (from > 1024 && from * 2 > s.ts.length) {
        s.ts = s.ts.slice(from);
        s.vs = s.vs.slice(from);
        s.from = 0;
      }
    }
    if (absent && !any) {
      absent.ts.push(i);
      absent.vs.push(1);
    }
  };

  /** Takes `weight` entries at offset t (all alike); false once past the last step. */
  const take = (t: number, entry: LogEntry, weight: number): boolean => {
    while (step < ctx.steps && (ends[step] as number) < t) emit(step++);
    if (step >= ctx.steps) return false;
    // Before every window still to come.
    if (t <= (ends[step] as number) - range) return true;
    ctx.stats.entriesRead += weight;
    ctx.stats.bytesRead += weight * Buffer.byteLength(entry.line, 'utf8');
    const sample = extract(entry);
    if (!sample) return true;
    ctx.stats.samples += weight;
    const key = sample.key;
    let s = active.get(key);
    if (!s) {
      let out = outputs.get(key);
      if (!out) {
        if (outputs.size >= seriesCap) throw seriesLimitError(seriesCap);
        out = { metric: sample.labels, ts: [], vs: [], dropName: false };
        outputs.set(key, out);
      }
      const hasError =
        sample.labels.some((l) => l.name === ERROR_LABEL) && !preservesError(sample.labels);
      s = { labels: sample.labels, ts: [], vs: [], from: 0, out, hasError };
      active.set(key, s);
    }
    if (cuts) {
      while (cut < cuts.length && (cuts[cut] as number) < t) cut++;
      const upper = cuts[cut] as number;
      const n = s.ts.length;
      if (n > s.from && s.ts[n - 1] === upper) {
        s.vs[n - 1] = (s.vs[n - 1] as number) + sample.value * weight;
        return true;
      }
      s.ts.push(upper);
      s.vs.push(sample.value * weight);
    } else {
      s.ts.push(t);
      s.vs.push(sample.value);
    }
    held++;
    ctx.budget.take(1);
    return true;
  };

  const selection = {
    matchers: expr.range.selector.matchers,
    lineFilters: pushdownLineFilters(expr.range.selector.pipeline),
    startNs: readFrom,
    endNs: readTo,
    direction: 'forward',
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(projection ? { projection } : {}),
  } as const;
  const counts =
    cuts && countable(expr, projection)
      ? await countedBuckets(storage, selection, ctx, rangeNs)
      : undefined;
  if (counts) {
    for (const c of counts) {
      const t = c.bucket * counts.width;
      const at = readFrom + BigInt(c.bucket) * counts.widthNs;
      const entry = { timestampNs: at, line: '', labels: c.labels, metadata: c.metadata };
      if (!take(t, entry, c.count)) break;
    }
  } else {
    reading: for await (const batch of storage.select(selection)) {
      ctx.signal?.throwIfAborted();
      for (const entry of batch) {
        const t = Number(entry.timestampNs - readFrom);
        if (t <= 0 || t >= span) continue;
        // The windows only slide forward: an older entry after a newer one would be miscounted.
        if (t < last) throw new Error('LogStorage.select returned entries out of time order');
        last = t;
        if (!take(t, entry, 1)) break reading;
      }
    }
  }
  while (step < ctx.steps) emit(step++);
  ctx.budget.release(held);
  if (absent) return absent.ts.length > 0 ? [absent] : [];
  return [...outputs.values()].filter((s) => s.ts.length > 0);
}

/** Every window's two edges, ascending, without repeats. */
function windowEdges(ends: Float64Array, range: number): Float64Array {
  const all = new Float64Array(ends.length * 2);
  for (let i = 0; i < ends.length; i++) {
    all[2 * i] = (ends[i] as number) - range;
    all[2 * i + 1] = ends[i] as number;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) {
    if (n === 0 || all[i] !== all[n - 1]) all[n++] = all[i] as number;
  }
  return all.subarray(0, n);
}

/** `__preserve_error__="true"` keeps error samples in a metric result (Loki's escape hatch). */
function preservesError(labels: Labels): boolean {
  return labels.some((l) => l.name === '__preserve_error__' && l.value === 'true');
}

/** absent_over_time's labels: the selector's equality matchers, minus names matched otherwise too. */
function absentSeries(matchers: readonly LabelMatcher[]): EvalSeries {
  const set = new Map<string, string>();
  const other = new Set<string>();
  for (const m of matchers) {
    if (m.name === '__name__') continue;
    if (m.type === '=' && !set.has(m.name)) set.set(m.name, m.value);
    else other.add(m.name);
  }
  const metric: Label[] = [];
  for (const [name, value] of set) if (!other.has(name)) metric.push({ name, value });
  metric.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { metric, ts: [], vs: [], dropName: false };
}
