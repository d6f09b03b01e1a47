import {
  array,
  double,
  fail,
  guarded,
  id,
  integer,
  type Json,
  keyValues,
  object,
  parse,
  resourceOf,
  scopeOf,
  small,
  string,
} from './json-fields.js';
import type {
  Decoded,
  Exemplar,
  ExponentialBuckets,
  MetricData,
  MetricPoints,
  NumberPoint,
  ResourceData,
  ScopeData,
} from './model.js';
import { collectMetrics } from './validate.js';

function base(point: Json, path: string) {
  return {
    attributes: keyValues(point.attributes, `${path}.attributes`),
    startTimeUnixNano: integer(point.startTimeUnixNano, `${path}.startTimeUnixNano`, false),
    timeUnixNano: integer(point.timeUnixNano, `${path}.timeUnixNano`, false),
    flags: small(point.flags, `${path}.flags`),
  };
}

function numberOf(holder: Json, path: string): { value: number; intValue?: bigint } {
  if (holder.asInt !== undefined && holder.asInt !== null) {
    const exact = integer(holder.asInt, `${path}.asInt`, true);
    return { value: Number(exact), intValue: exact };
  }
  if (holder.asDouble === undefined || holder.asDouble === null) return { value: 0 };
  return { value: double(holder.asDouble, `${path}.asDouble`) };
}

function optionalDouble(value: unknown, path: string): number | undefined {
  return value === undefined || value === null ? undefined : double(value, path);
}

function counts(value: unknown, path: string): bigint[] {
  return array(value, path).map((count, i) => integer(count, `${path}[${i}]`, false));
}

function exemplars(value: unknown, path: string): Exemplar[] {
  return array(value, path).map((raw, i) => {
    const at = `${path}[${i}]`;
    const exemplar = object(raw, at);
    return {
      attributes: keyValues(exemplar.filteredAttributes, `${at}.filteredAttributes`),
      timeUnixNano: integer(exemplar.timeUnixNano, `${at}.timeUnixNano`, false),
      value: numberOf(exemplar, at).value,
      traceId: id(exemplar.traceId, `${at}.traceId`),
      spanId: id(exemplar.spanId, `${at}.spanId`),
    };
  });
}

function numberPoints(data: Json, path: string): NumberPoint[] {
  return array(data.dataPoints, `${path}.dataPoints`).map((raw, i) => {
    const at = `${path}.dataPoints[${i}]`;
    const point = object(raw, at);
    return {
      ...base(point, at),
      ...numberOf(point, at),
      exemplars: exemplars(point.exemplars, `${at}.exemplars`),
    };
  });
}

function buckets(raw: unknown, path: string): ExponentialBuckets {
  const value = object(raw, path);
  return {
    offset: small(value.offset, `${path}.offset`),
    bucketCounts: counts(value.bucketCounts, `${path}.bucketCounts`),
  };
}

function pointsOf(metric: Json, path: string): MetricPoints | undefined {
  if (metric.gauge !== undefined) {
    return {
      type: 'gauge',
      points: numberPoints(object(metric.gauge, `${path}.gauge`), `${path}.gauge`),
    };
  }
  if (metric.sum !== undefined) {
    const at = `${path}.sum`;
    const sum = object(metric.sum, at);
    if (sum.isMonotonic !== undefined && typeof sum.isMonotonic !== 'boolean') {
      fail(`${at}.isMonotonic`, 'must be a boolean');
    }
    return {
      type: 'sum',
      temporality: small(sum.aggregationTemporality, `${at}.aggregationTemporality`),
      monotonic: sum.isMonotonic === true,
      points: numberPoints(sum, at),
    };
  }
  if (metric.histogram !== undefined) {
    const at = `${path}.histogram`;
    const histogram = object(metric.histogram, at);
    return {
      type: 'histogram',
      temporality: small(histogram.aggregationTemporality, `${at}.aggregationTemporality`),
      points: array(histogram.dataPoints, `${at}.dataPoints`).map((raw, i) => {
        const pointAt = `${at}.dataPoints[${i}]`;
        const point = object(raw, pointAt);
        return {
          ...base(point, pointAt),
          count: integer(point.count, `${pointAt}.count`, false),
          sum: optionalDouble(point.sum, `${pointAt}.sum`),
          bucketCounts: counts(point.bucketCounts, `${pointAt}.bucketCounts`),
          explicitBounds: array(point.explicitBounds, `${pointAt}.explicitBounds`).map((bound, b) =>
            double(bound, `${pointAt}.explicitBounds[${b}]`),
          ),
          min: optionalDouble(point.min, `${pointAt}.min`),
          max: optionalDouble(point.max, `${pointAt}.max`),
          exemplars: exemplars(point.exemplars, `${pointAt}.exemplars`),
        };
      }),
    };
  }
  if (metric.exponentialHistogram !== undefined) {
    const at = `${path}.exponentialHistogram`;
    const histogram = object(metric.exponentialHistogram, at);
    return {
      type: 'exponentialHistogram',
      temporality: small(histogram.aggregationTemporality, `${at}.aggregationTemporality`),
      points: array(histogram.dataPoints, `${at}.dataPoints`).map((raw, i) => {
        const pointAt = `${at}.dataPoints[${i}]`;
        const point = object(raw, pointAt);
        return {
          ...base(point, pointAt),
          count: integer(point.count, `${pointAt}.count`, false),
          sum: optionalDouble(point.sum, `${pointAt}.sum`),
          scale: small(point.scale, `${pointAt}.scale`),
          zeroCount: integer(point.zeroCount, `${pointAt}.zeroCount`, false),
          zeroThreshold: optionalDouble(point.zeroThreshold, `${pointAt}.zeroThreshold`) ?? 0,
          positive: buckets(point.positive, `${pointAt}.positive`),
          negative: buckets(point.negative, `${pointAt}.negative`),
          min: optionalDouble(point.min, `${pointAt}.min`),
          max: optionalDouble(point.max, `${pointAt}.max`),
          exemplars: exemplars(point.exemplars, `${pointAt}.exemplars`),
        };
      }),
    };
  }
  if (metric.summary !== undefined) {
    const at = `${path}.summary`;
    const summary = object(metric.summary, at);
    return {
      type: 'summary',
      points: array(summary.dataPoints, `${at}.dataPoints`).map((raw, i) => {
        const pointAt = `${at}.dataPoints[${i}]`;
        const point = object(raw, pointAt);
        return {
          ...base(point, pointAt),
          count: integer(point.count, `${pointAt}.count`, false),
          sum: optionalDouble(point.sum, `${pointAt}.sum`) ?? 0,
          quantileValues: array(point.quantileValues, `${pointAt}.quantileValues`).map(
            (rawQ, q) => {
              const qAt = `${pointAt}.quantileValues[${q}]`;
              const value = object(rawQ, qAt);
              return {
                quantile: optionalDouble(value.quantile, `${qAt}.quantile`) ?? 0,
                value: optionalDouble(value.value, `${qAt}.value`) ?? 0,
              };
            },
          ),
        };
      }),
    };
  }
  return undefined;
}

function metricOf(raw: unknown, path: string, resource: ResourceData, scope: ScopeData) {
  const metric = object(raw, path);
  return {
    resource,
    scope,
    name: string(metric.name, `${path}.name`),
    description: string(metric.description, `${path}.description`),
    unit: string(metric.unit, `${path}.unit`),
    ...pointsOf(metric, path),
  };
}

/** Decodes an ExportMetricsServiceRequest in OTLP/JSON; `rejected` counts data points. */
export function decodeMetricsJson(text: string | Uint8Array): Decoded<MetricData> {
  return guarded(() => {
    const metrics: ReturnType<typeof metricOf>[] = [];
    array(parse(text).resourceMetrics, 'resourceMetrics').forEach((rawResource, r) => {
      const at = `resourceMetrics[${r}]`;
      const block = object(rawResource, at);
      const resource = resourceOf(block.resource, block.schemaUrl, `${at}.resource`);
      array(block.scopeMetrics, `${at}.scopeMetrics`).forEach((rawScope, s) => {
        const scopeAt = `${at}.scopeMetrics[${s}]`;
        const scopeBlock = object(rawScope, scopeAt);
        const scope = scopeOf(scopeBlock.scope, scopeBlock.schemaUrl, `${scopeAt}.scope`);
        array(scopeBlock.metrics, `${scopeAt}.metrics`).forEach((metric, i) => {
          metrics.push(metricOf(metric, `${scopeAt}.metrics[${i}]`, resource, scope));
        });
      });
    });
    return collectMetrics(metrics) as Decoded<MetricData>;
  });
}
