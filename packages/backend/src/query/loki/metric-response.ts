/**
 * The `scalar`, `vector` and `matrix` answers of a metric query in Loki's JSON. Loki writes a
 * point as [seconds, "value"]: the time as a bare number (milliseconds over 1000 in Go's shortest
 * 'f' form: 4000000000, 1.5), the value as a string in the same form ("2", "0.25", "+Inf", "NaN";
 * never an exponent, unlike Prometheus's API). Labels keep their sorted order. The
 * categorize-labels flag is echoed as `encodingFlags` but changes nothing else here: it only
 * shapes streams.
 */
import type { InstantResult, RangeResult } from '@otel-lab/logql';
import type { Labels } from '@otel-lab/promql';
import { formatGoFloatF } from '../../metrics/go-float-format.js';
import { type QueryStats, statsJson } from './query-response.js';

/** [time, "value"] as raw JSON text. */
function point(timestampMs: number, value: number): string {
  return `[${formatGoFloatF(timestampMs / 1000)},${JSON.stringify(formatGoFloatF(value))}]`;
}

function metric(labels: Labels): string {
  return `{${labels.map((l) => `${JSON.stringify(l.name)}:${JSON.stringify(l.value)}`).join(',')}}`;
}

function resultJson(result: InstantResult | RangeResult): string {
  switch (result.resultType) {
    case 'scalar':
      return point(result.timestampMs, result.value);
    case 'vector':
      return `[${result.samples
        .map((s) => `{"metric":${metric(s.labels)},"value":${point(s.timestampMs, s.value)}}`)
        .join(',')}]`;
    case 'matrix':
      return `[${result.series
        .map(
          (s) =>
            `{"metric":${metric(s.labels)},"values":[${s.timestampsMs
              .map((t, i) => point(t, s.values[i] as number))
              .join(',')}]}`,
        )
        .join(',')}]`;
  }
}

export function metricResponse(
  result: InstantResult | RangeResult,
  flags: readonly string[],
  execTimeS: number,
): string {
  const stats: QueryStats = {
    execTimeS,
    streams: 0,
    entriesRead: result.stats.entriesRead,
    bytesRead: result.stats.bytesRead,
    entriesReturned: 0,
    postFilterLines: result.stats.samples,
  };
  const encodingFlags = flags.length > 0 ? `"encodingFlags":${JSON.stringify(flags)},` : '';
  return `{"status":"success","data":{"resultType":"${result.resultType}",${encodingFlags}"result":${resultJson(
    result,
  )},"stats":${JSON.stringify(statsJson(stats))}}}`;
}
