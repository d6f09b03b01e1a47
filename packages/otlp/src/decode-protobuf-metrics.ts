import type Long from 'long';
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
import {
  decodeMessage,
  type Fixed64,
  hex,
  keyValues,
  type PbKeyValue,
  type PbResource,
  type PbScope,
  resourceOf,
  root,
  scopeOf,
  signed,
  unsigned,
} from './pb-fields.js';
import { collectMetrics } from './validate.js';

const MetricsRequest = root.lookupType('otlp.ExportMetricsServiceRequest');

interface PbPointBase {
  attributes?: PbKeyValue[];
  startTimeUnixNano?: Fixed64;
  timeUnixNano?: Fixed64;
  flags?: number;
}
interface PbExemplar {
  filteredAttributes?: PbKeyValue[];
  timeUnixNano?: Fixed64;
  value?: string;
  asDouble?: number;
  asInt?: Long | number;
  spanId?: Uint8Array;
  traceId?: Uint8Array;
}
interface PbNumberPoint extends PbPointBase {
  value?: string;
  asDouble?: number;
  asInt?: Long | number;
  exemplars?: PbExemplar[];
}
interface PbHistogramPoint extends PbPointBase {
  count?: Fixed64;
  sum?: number | null;
  bucketCounts?: Fixed64[];
  explicitBounds?: number[];
  exemplars?: PbExemplar[];
  min?: number | null;
  max?: number | null;
}
interface PbBuckets {
  offset?: number;
  bucketCounts?: Fixed64[];
}
interface PbExponentialPoint extends PbPointBase {
  count?: Fixed64;
  sum?: number | null;
  scale?: number;
  zeroCount?: Fixed64;
  zeroThreshold?: number;
  positive?: PbBuckets | null;
  negative?: PbBuckets | null;
  exemplars?: PbExemplar[];
  min?: number | null;
  max?: number | null;
}
interface PbSummaryPoint extends PbPointBase {
  count?: Fixed64;
  sum?: number;
  quantileValues?: { quantile?: number; value?: number }[];
}
interface PbMetric {
  name?: string;
  description?: string;
  unit?: string;
  data?: string;
  gauge?: { dataPoints?: PbNumberPoint[] };
  sum?: { dataPoints?: PbNumberPoint[]; aggregationTemporality?: number; isMonotonic?: boolean };
  histogram?: { dataPoints?: PbHistogramPoint[]; aggregationTemporality?: number };
  exponentialHistogram?: { dataPoints?: PbExponentialPoint[]; aggregationTemporality?: number };
  summary?: { dataPoints?: PbSummaryPoint[] };
}
interface PbMetricsRequest {
  resourceMetrics?: {
    resource?: PbResource | null;
    schemaUrl?: string;
    scopeMetrics?: { scope?: PbScope | null; schemaUrl?: string; metrics?: PbMetric[] }[];
  }[];
}

/** proto3 `optional`: unset reads as null on a decoded message. */
const optional = (value: number | null | undefined) => (value === null ? undefined : value);

function base(point: PbPointBase) {
  return {
    attributes: keyValues(point.attributes),
    startTimeUnixNano: unsigned(point.startTimeUnixNano),
    timeUnixNano: unsigned(point.timeUnixNano),
    flags: point.flags ?? 0,
  };
}

function numberOf(holder: { value?: string; asDouble?: number; asInt?: Long | number }) {
  if (holder.value === 'asInt') {
    const exact = signed(holder.asInt);
    return { value: Number(exact), intValue: exact };
  }
  return { value: holder.asDouble ?? 0 };
}

function exemplars(list: PbExemplar[] | undefined): Exemplar[] {
  return (list ?? []).map((exemplar) => ({
    attributes: keyValues(exemplar.filteredAttributes),
    timeUnixNano: unsigned(exemplar.timeUnixNano),
    value: numberOf(exemplar).value,
    traceId: hex(exemplar.traceId),
    spanId: hex(exemplar.spanId),
  }));
}

function numberPoint(point: PbNumberPoint): NumberPoint {
  return { ...base(point), ...numberOf(point), exemplars: exemplars(point.exemplars) };
}

function buckets(value: PbBuckets | null | undefined): ExponentialBuckets {
  return { offset: value?.offset ?? 0, bucketCounts: (value?.bucketCounts ?? []).map(unsigned) };
}

function pointsOf(metric: PbMetric): MetricPoints | undefined {
  switch (metric.data) {
    case 'gauge':
      return { type: 'gauge', points: (metric.gauge?.dataPoints ?? []).map(numberPoint) };
    case 'sum':
      return {
        type: 'sum',
        temporality: metric.sum?.aggregationTemporality ?? 0,
        monotonic: metric.sum?.isMonotonic ?? false,
        points: (metric.sum?.dataPoints ?? []).map(numberPoint),
      };
    case 'histogram':
      return {
        type: 'histogram',
        temporality: metric.histogram?.aggregationTemporality ?? 0,
        points: (metric.histogram?.dataPoints ?? []).map((point) => ({
          ...base(point),
          count: unsigned(point.count),
          sum: optional(point.sum),
          bucketCounts: (point.bucketCounts ?? []).map(unsigned),
          explicitBounds: point.explicitBounds ?? [],
          min: optional(point.min),
          max: optional(point.max),
          exemplars: exemplars(point.exemplars),
        })),
      };
    case 'exponentialHistogram':
      return {
        type: 'exponentialHistogram',
        temporality: metric.exponentialHistogram?.aggregationTemporality ?? 0,
        points: (metric.exponentialHistogram?.dataPoints ?? []).map((point) => ({
          ...base(point),
          count: unsigned(point.count),
          sum: optional(point.sum),
          scale: point.scale ?? 0,
          zeroCount: unsigned(point.zeroCount),
          zeroThreshold: point.zeroThreshold ?? 0,
          positive: buckets(point.positive),
          negative: buckets(point.negative),
          min: optional(point.min),
          max: optional(point.max),
          exemplars: exemplars(point.exemplars),
        })),
      };
    case 'summary':
      return {
        type: 'summary',
        points: (metric.summary?.dataPoints ?? []).map((point) => ({
          ...base(point),
          count: unsigned(point.count),
          sum: point.sum ?? 0,
          quantileValues: (point.quantileValues ?? []).map((q) => ({
            quantile: q.quantile ?? 0,
            value: q.value ?? 0,
          })),
        })),
      };
    default:
      return undefined;
  }
}

function metricOf(metric: PbMetric, resource: ResourceData, scope: ScopeData) {
  return {
    resource,
    scope,
    name: metric.name ?? '',
    description: metric.description ?? '',
    unit: metric.unit ?? '',
    ...pointsOf(metric),
  };
}

/**
 * Decodes an ExportMetricsServiceRequest in protobuf encoding. `rejected` counts data points,
 * as the metrics partialSuccess does.
 */
export function decodeMetricsProtobuf(bytes: Uint8Array): Decoded<MetricData> {
  const request = decodeMessage<PbMetricsRequest>(
    MetricsRequest,
    bytes,
    'ExportMetricsServiceRequest',
  );
  const metrics: ReturnType<typeof metricOf>[] = [];
  for (const resourceMetrics of request.resourceMetrics ?? []) {
    const resource = resourceOf(resourceMetrics.resource, resourceMetrics.schemaUrl);
    for (const scopeMetrics of resourceMetrics.scopeMetrics ?? []) {
      const scope = scopeOf(scopeMetrics.scope, scopeMetrics.schemaUrl);
      for (const metric of scopeMetrics.metrics ?? [])
        metrics.push(metricOf(metric, resource, scope));
    }
  }
  return collectMetrics(metrics) as Decoded<MetricData>;
}
