// Numbers and times exactly as Prometheus's HTTP API writes them (util/jsonutil): sample values are
// strings in Go's shortest 'f' form, or 'e' form below 1e-6 and from 1e21; timestamps are seconds with
// millisecond precision written as JSON numbers.
import type { QueryResult, RangeSeries } from './engine';
import { type ApiHistogram, formatHistogram } from './format-histogram';
import type { FloatHistogram } from './histogram/float-histogram';
import { type Labels, labelsToRecord } from './labels';

export function formatSampleValue(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const abs = Math.abs(f);
  if (abs < 1e-6 || abs >= 1e21) {
    // Go pads the exponent to two digits: 1e-07, 1.5e+21.
    return f.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  // JavaScript's shortest round-trip digits agree with Go's 'f', -1 in this range.
  return String(f);
}

/** Seconds with up to three decimals, as JSON number text (1435781451.781, 1.5 → "1.500" like Go). */
export function formatTimestamp(ms: number): string {
  const negative = ms < 0;
  const abs = Math.abs(ms);
  const seconds = Math.floor(abs / 1000);
  const fraction = abs % 1000;
  const text = fraction === 0 ? `${seconds}` : `${seconds}.${String(fraction).padStart(3, '0')}`;
  return negative ? `-${text}` : text;
}

/** A vector sample: `value` for a float, `histogram` for a native histogram. */
export interface ApiSample {
  metric: Record<string, string>;
  value?: [number, string];
  histogram?: [number, ApiHistogram];
}

/** A matrix series: `values` and `histograms`, each present only when the series has such points. */
export interface ApiSeries {
  metric: Record<string, string>;
  values?: [number, string][];
  histograms?: [number, ApiHistogram][];
}

export type ApiData =
  | { resultType: 'vector'; result: ApiSample[] }
  | { resultType: 'matrix'; result: ApiSeries[] }
  | { resultType: 'scalar'; result: [number, string] }
  | { resultType: 'string'; result: [number, string] };

/** The `data` object of /api/v1/query and /api/v1/query_range for a result. */
export function formatApiData(r: QueryResult): ApiData {
  switch (r.resultType) {
    case 'vector':
      return {
        resultType: 'vector',
        result: r.result.map((s) =>
          s.h
            ? {
                metric: metricObject(s.metric),
                histogram: [s.t / 1000, formatHistogram(s.h, formatSampleValue)],
              }
            : { metric: metricObject(s.metric), value: [s.t / 1000, formatSampleValue(s.v)] },
        ),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: r.result.map((s) => {
          const out: ApiSeries = { metric: metricObject(s.metric) };
          if (s.timestamps.length > 0)
            out.values = s.timestamps.map((t, i) => [
              t / 1000,
              formatSampleValue(s.values[i] as number),
            ]);
          const hs = s.histograms ?? [];
          if (hs.length > 0)
            out.histograms = hs.map((h, i) => [
              (s.histogramTimestamps?.[i] as number) / 1000,
              formatHistogram(h, formatSampleValue),
            ]);
          return out;
        }),
      };
    case 'scalar':
      return { resultType: 'scalar', result: [r.result.t / 1000, formatSampleValue(r.result.v)] };
    case 'string':
      return { resultType: 'string', result: [r.result.t / 1000, r.result.v] };
  }
}

/** The `data` object serialised byte for byte as Prometheus does (timestamps keep trailing zeros). */
export function formatApiDataJson(r: QueryResult): string {
  switch (r.resultType) {
    case 'vector':
      return `{"resultType":"vector","result":[${r.result
        .map(
          (s) =>
            `{"metric":${JSON.stringify(metricObject(s.metric))},${
              s.h
                ? `"histogram":${histogramPoint(s.t, s.h)}`
                : `"value":${point(s.t, formatSampleValue(s.v))}`
            }}`,
        )
        .join(',')}]}`;
    case 'matrix':
      return `{"resultType":"matrix","result":[${r.result.map(seriesJson).join(',')}]}`;
    // Prometheus marshals scalars and strings with encoding/json (a plain float time, 1.5),
    // samples with its own writer (milliseconds always as three digits, 1.500).
    case 'scalar':
      return `{"resultType":"scalar","result":[${r.result.t / 1000},${JSON.stringify(formatSampleValue(r.result.v))}]}`;
    case 'string':
      return `{"resultType":"string","result":[${r.result.t / 1000},${JSON.stringify(r.result.v)}]}`;
  }
}

function seriesJson(s: RangeSeries): string {
  let out = `{"metric":${JSON.stringify(metricObject(s.metric))}`;
  if (s.timestamps.length > 0)
    out += `,"values":[${s.timestamps
      .map((t, i) => point(t, formatSampleValue(s.values[i] as number)))
      .join(',')}]`;
  const hs = s.histograms ?? [];
  if (hs.length > 0)
    out += `,"histograms":[${hs
      .map((h, i) => histogramPoint(s.histogramTimestamps?.[i] as number, h))
      .join(',')}]`;
  return `${out}}`;
}

function point(t: number, v: string): string {
  return `[${formatTimestamp(t)},${JSON.stringify(v)}]`;
}

function histogramPoint(t: number, h: FloatHistogram): string {
  return `[${formatTimestamp(t)},${JSON.stringify(formatHistogram(h, formatSampleValue))}]`;
}

function metricObject(labels: Labels): Record<string, string> {
  return labelsToRecord(labels);
}
