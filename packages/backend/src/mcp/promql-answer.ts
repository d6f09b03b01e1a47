/**
 * What query_promql answers: the `data` Prometheus's API gives (resultType and result), with
 * values as numbers (NaN and ±Inf as Prometheus's strings, which JSON cannot hold as numbers),
 * at most MAX_SERIES series of at most MAX_POINTS points (each keeps its latest), and the
 * 32 KB cap. Native-histogram points are given as Prometheus writes them ({count, sum, buckets}),
 * under the same caps. Whatever is cut says so, with how to ask a smaller question.
 */
import { ANSWER_CAP, capList, type ListAnswer } from './tool-answer.js';

export const MAX_SERIES = 50;
export const MAX_POINTS = 300;

/** [unix seconds, value]: a number, or "NaN", "+Inf", "-Inf" (a string result: its string). */
export type Point = [number, number | string];

/** A native histogram as Prometheus's API writes it: buckets [boundary rule, lower, upper, count]. */
export interface HistogramValue {
  count: string;
  sum: string;
  buckets?: [number, string, string, string][];
}
export type HistogramPoint = [number, HistogramValue];

export interface SeriesAnswer {
  labels: Record<string, string>;
  /** An instant result's sample (vector, scalar, string). */
  value?: Point;
  /** A range result's points, oldest first: the latest MAX_POINTS of them. */
  values?: Point[];
  /** An instant result's native-histogram sample. */
  histogram?: HistogramPoint;
  /** A range result's native-histogram points, oldest first: the latest MAX_POINTS of them. */
  histograms?: HistogramPoint[];
  /** How many points the series had (floats and histograms), when more than MAX_POINTS. */
  pointCount?: number;
}

export type PromqlAnswer = ListAnswer<SeriesAnswer> & { resultType: string };

type ApiPoint = [number, string];
interface ApiSeries {
  metric?: Record<string, string>;
  value?: ApiPoint;
  values?: ApiPoint[];
  histogram?: HistogramPoint;
  histograms?: HistogramPoint[];
}
export interface ApiData {
  resultType: 'vector' | 'matrix' | 'scalar' | 'string';
  result: ApiSeries[] | ApiPoint;
}

const NARROW_SERIES = 'aggregate with sum by (...) or select fewer series with label matchers';
const NARROW_POINTS = `use a larger step or a shorter range (each series keeps its latest ${MAX_POINTS} points)`;
const NARROW_SIZE = 'aggregate with sum by (...), or use a larger step';

/** A value as a number where JSON can hold it. */
export function pointOf([t, v]: ApiPoint, text = false): Point {
  if (text) return [t, v];
  const number = Number(v);
  return [t, Number.isFinite(number) ? number : v];
}

function seriesOf(series: ApiSeries): SeriesAnswer {
  const answer: SeriesAnswer = { labels: series.metric ?? {} };
  if (series.value) answer.value = pointOf(series.value);
  if (series.values) {
    answer.values = series.values.slice(-MAX_POINTS).map((point) => pointOf(point));
  }
  if (series.histogram) answer.histogram = series.histogram;
  if (series.histograms) answer.histograms = series.histograms.slice(-MAX_POINTS);
  const points = (series.values?.length ?? 0) + (series.histograms?.length ?? 0);
  if (Math.max(series.values?.length ?? 0, series.histograms?.length ?? 0) > MAX_POINTS) {
    answer.pointCount = points;
  }
  return answer;
}

export function promqlAnswer(data: ApiData): PromqlAnswer {
  const { resultType, result } = data;
  if (resultType === 'scalar' || resultType === 'string') {
    const value = pointOf(result as ApiPoint, resultType === 'string');
    return { resultType, items: [{ labels: {}, value }], total: 1, truncated: false };
  }
  const all = result as ApiSeries[];
  const kept = all.slice(0, MAX_SERIES).map(seriesOf);
  const hints: string[] = [];
  if (all.length > MAX_SERIES) hints.push(NARROW_SERIES);
  if (kept.some((series) => series.pointCount !== undefined)) hints.push(NARROW_POINTS);
  const fitted = capList(kept, NARROW_SIZE, ANSWER_CAP - 400);
  if (fitted.truncated && hints.length === 0) hints.push(NARROW_SIZE);
  const answer: PromqlAnswer = {
    resultType,
    items: fitted.items,
    total: all.length,
    truncated: hints.length > 0,
  };
  if (hints.length > 0) answer.narrow = hints.join('; ');
  return answer;
}
