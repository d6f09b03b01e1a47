import { anyValueJson, jsonDouble, type SeriesLabel } from './label-value.js';
import { MAX_RESPONSE_SERIES } from './metrics-limits.js';
import { type TimeGrid, timestampMs } from './time-grid.js';
import type { MetricsResult } from './to-series.js';

/**
 * Tempo's answers as its query frontend writes them (gogo jsonpb, defaults off): camelCase
 * fields in proto order, 64-bit integers as strings, zero values and empty lists left out
 * (a sample of 0 is `{"timestampMs":"…"}`), NaN as "NaN"; `status` and `message` only on a
 * partial answer.
 */

type Json = Record<string, unknown>;

const labelsJson = (labels: readonly SeriesLabel[]) =>
  labels.map((label) => ({ key: label.name, value: anyValueJson(label.value) }));

/** A field set only when it is not the zero value, as jsonpb writes. */
function set(target: Json, key: string, value: unknown): void {
  if (value === 0 || value === '' || value === '0' || value === false || value === undefined)
    return;
  if (Array.isArray(value) && value.length === 0) return;
  target[key] = value;
}

function metricsJson(inspectedSpans: number): Json {
  const metrics: Json = {};
  set(metrics, 'inspectedSpans', String(inspectedSpans));
  metrics.completedJobs = 1;
  metrics.totalJobs = 1;
  return metrics;
}

function partialFields(body: Json, result: MetricsResult): Json {
  if (result.partial) {
    body.status = 'PARTIAL';
    body.message = `Response exceeds maximum series limit of ${MAX_RESPONSE_SERIES}, a partial response is returned. Warning: the accuracy of each individual value is not guaranteed.`;
  }
  return body;
}

/** QueryRangeResponse: series[{labels, samples[{timestampMs, value}], promLabels, exemplars}], metrics. */
export function queryRangeJson(
  result: MetricsResult,
  grid: TimeGrid,
  inspectedSpans: number,
): Json {
  const series = result.series.map((s) => {
    const out: Json = {};
    set(out, 'labels', labelsJson(s.labels));
    out.samples = s.samples.map((sample) => {
      const json: Json = { timestampMs: String(timestampMs(grid, sample.interval)) };
      set(json, 'value', jsonDouble(sample.value));
      return json;
    });
    set(out, 'promLabels', s.promLabels);
    set(
      out,
      'exemplars',
      s.exemplars.map((e) => {
        const json: Json = {};
        set(json, 'labels', [
          { key: 'trace:id', value: { stringValue: e.traceId } },
          { key: 'span:id', value: { stringValue: e.spanId } },
        ]);
        set(json, 'value', jsonDouble(e.value));
        set(json, 'timestampMs', String(e.timestampMs));
        return json;
      }),
    );
    return out;
  });
  const body: Json = {};
  set(body, 'series', series);
  body.metrics = metricsJson(inspectedSpans);
  return partialFields(body, result);
}

/** QueryInstantResponse: series[{labels, value, promLabels}], metrics; the one interval's value. */
export function queryInstantJson(result: MetricsResult, inspectedSpans: number): Json {
  const series = result.series.map((s) => {
    const out: Json = {};
    set(out, 'labels', labelsJson(s.labels));
    set(out, 'value', jsonDouble(s.samples[0]?.value ?? 0));
    set(out, 'promLabels', s.promLabels);
    return out;
  });
  const body: Json = {};
  set(body, 'series', series);
  body.metrics = metricsJson(inspectedSpans);
  return partialFields(body, result);
}
