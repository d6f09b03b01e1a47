/**
 * Decoded OTLP, one shape for both encodings. Values keep their OTLP types (an int stays apart
 * from a double, bytes from strings), ids are lowercase hex, times are nanoseconds as bigint.
 */

export type AnyValue =
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: bigint }
  | { type: 'double'; value: number }
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'array'; value: AnyValue[] }
  | { type: 'kvlist'; value: KeyValue[] }
  | { type: 'empty' };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface ResourceData {
  attributes: KeyValue[];
  droppedAttributesCount: number;
  schemaUrl: string;
}

export interface ScopeData {
  name: string;
  version: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  schemaUrl: string;
}

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  flags: number;
}

export interface SpanData {
  resource: ResourceData;
  scope: ScopeData;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
}

export interface LogData {
  resource: ResourceData;
  scope: ScopeData;
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: AnyValue;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  flags: number;
  /** Empty when the record belongs to no trace. */
  traceId: string;
  spanId: string;
  eventName: string;
}

export interface Exemplar {
  attributes: KeyValue[];
  timeUnixNano: bigint;
  value: number;
  /** Empty when the exemplar names no span. */
  traceId: string;
  spanId: string;
}

interface PointBase {
  attributes: KeyValue[];
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  /** Bit 0 set: no recorded value (a staleness marker, in Prometheus terms). */
  flags: number;
}

export interface NumberPoint extends PointBase {
  /** as_int values also stay exact in `intValue`. */
  value: number;
  intValue?: bigint;
  exemplars: Exemplar[];
}

export interface HistogramPoint extends PointBase {
  count: bigint;
  sum?: number;
  bucketCounts: bigint[];
  explicitBounds: number[];
  min?: number;
  max?: number;
  exemplars: Exemplar[];
}

export interface ExponentialBuckets {
  offset: number;
  bucketCounts: bigint[];
}

export interface ExponentialHistogramPoint extends PointBase {
  count: bigint;
  sum?: number;
  scale: number;
  zeroCount: bigint;
  zeroThreshold: number;
  positive: ExponentialBuckets;
  negative: ExponentialBuckets;
  min?: number;
  max?: number;
  exemplars: Exemplar[];
}

export interface SummaryPoint extends PointBase {
  count: bigint;
  sum: number;
  quantileValues: { quantile: number; value: number }[];
}

/** OTLP AggregationTemporality: 1 delta, 2 cumulative. */
export type MetricPoints =
  | { type: 'gauge'; points: NumberPoint[] }
  | { type: 'sum'; temporality: number; monotonic: boolean; points: NumberPoint[] }
  | { type: 'histogram'; temporality: number; points: HistogramPoint[] }
  | { type: 'exponentialHistogram'; temporality: number; points: ExponentialHistogramPoint[] }
  | { type: 'summary'; points: SummaryPoint[] };

export type MetricData = {
  resource: ResourceData;
  scope: ScopeData;
  name: string;
  description: string;
  unit: string;
} & MetricPoints;

/**
 * A decoded request. Items the specification calls invalid (a span without a 16-byte trace id,
 * say) are left out and counted, for the response's partialSuccess.
 */
export interface Decoded<T> {
  items: T[];
  rejected: number;
  /** Why the first rejected item was rejected; empty when none was. */
  rejectionReason: string;
}

/** Input that cannot be decoded at all: the receiver answers 400 with this message. */
export class OtlpDecodeError extends Error {
  override name = 'OtlpDecodeError';
}
