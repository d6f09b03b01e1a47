import type { DuckDBAppender } from '@duckdb/node-api';
import type { LogData, MetricData, ResourceData } from '@otel-lab/otlp';
import { inRange, clampNs as ns } from './clamp.js';
import type { IngestLevels } from './ingest-level.js';
import {
  anyValueText,
  keyValuesJson,
  keyValuesText,
  resourceText,
  scopeText,
  stringAttribute,
} from './otlp-json.js';

function optionalId(appender: DuckDBAppender, hex: string, wide: boolean): void {
  if (hex === '') appender.appendNull();
  else if (wide) appender.appendUHugeInt(BigInt(`0x${hex}`));
  else appender.appendUBigInt(BigInt(`0x${hex}`));
}

/**
 * Decoders share one ResourceData and ScopeData object among the spans of a block, so what is
 * derived from them (service name, JSON) is built once per block, not once per span (the JSON was
 * 13 % of ingest CPU).
 */
function memoized<T extends object>(build: (value: T) => string): (value: T) => string {
  const cache = new WeakMap<T, string>();
  return (value) => {
    let text = cache.get(value);
    if (text === undefined) {
      text = build(value);
      cache.set(value, text);
    }
    return text;
  };
}

const serviceOf = memoized(
  (resource: ResourceData): string =>
    stringAttribute(resource.attributes, 'service.name') ?? 'unknown_service',
);

/** A resource's and a scope's stored text, built once per decoded object. */
export const resourceJson = memoized(resourceText);
export const scopeJson = memoized(scopeText);

/**
 * One row of `logs` per log record; `seq` is unique per record (schema.ts, version 4), `sourceId`
 * names its resource and scope in `log_sources` (version 5), `detected_level` is computed from
 * the stored texts (version 6).
 */
export function appendLog(
  appender: DuckDBAppender,
  log: LogData,
  seq: bigint,
  sourceId: number,
  levels: IngestLevels,
): void {
  const severity = inRange(log.severityNumber, 24);
  // The texts built directly, as spans' are (JSON.stringify of the objects was a sixth of ingest).
  const body = anyValueText(log.body);
  const attributes = keyValuesText(log.attributes);
  appender.appendBigInt(ns(log.timeUnixNano));
  appender.appendBigInt(ns(log.observedTimeUnixNano));
  appender.appendVarchar(serviceOf(log.resource));
  appender.appendUTinyInt(severity);
  appender.appendVarchar(log.severityText);
  appender.appendVarchar(body);
  appender.appendVarchar(attributes);
  appender.appendUInteger(log.droppedAttributesCount >>> 0);
  appender.appendUInteger(log.flags >>> 0);
  optionalId(appender, log.traceId, true);
  optionalId(appender, log.spanId, false);
  appender.appendVarchar(log.eventName);
  appender.appendVarchar(resourceJson(log.resource));
  appender.appendVarchar(scopeJson(log.scope));
  appender.appendBigInt(seq);
  appender.appendUInteger(sourceId);
  appender.appendVarchar(levels(log, severity, attributes, body));
  appender.endRow();
}

/** Points as JSON: attributes in OTLP/JSON form, bigints (counts, times) as strings. */
function pointsJson(metric: MetricData): string {
  const points = metric.points.map((point) => ({
    ...point,
    attributes: keyValuesJson(point.attributes),
    ...('exemplars' in point
      ? {
          exemplars: point.exemplars.map((exemplar) => ({
            ...exemplar,
            attributes: keyValuesJson(exemplar.attributes),
          })),
        }
      : {}),
  }));
  return JSON.stringify(points, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

/** One row of `received_metrics` per metric, as it arrived. */
export function appendMetric(
  appender: DuckDBAppender,
  metric: MetricData,
  receivedNs: bigint,
): void {
  appender.appendBigInt(receivedNs);
  appender.appendVarchar(serviceOf(metric.resource));
  appender.appendVarchar(metric.name);
  appender.appendVarchar(metric.type);
  appender.appendVarchar(metric.unit);
  appender.appendVarchar(metric.description);
  appender.appendVarchar(pointsJson(metric));
  appender.appendVarchar(resourceJson(metric.resource));
  appender.appendVarchar(scopeJson(metric.scope));
  appender.endRow();
}
