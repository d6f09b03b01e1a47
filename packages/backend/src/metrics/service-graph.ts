/**
 * A service graph from spans, as the OpenTelemetry Collector's servicegraph connector builds it:
 * a CLIENT (or PRODUCER) span and the SERVER (or CONSUMER) span whose parent it is, from two
 * services of one trace, form an edge; a client span naming db.name is an edge to that database
 * on its own. Each edge counts in traces_service_graph_request_total, in
 * traces_service_graph_request_failed_total when either side has status ERROR, and observes its
 * server and client durations in traces_service_graph_request_server_seconds and
 * traces_service_graph_request_client_seconds (default bounds 2 ms … 15 s), labelled client,
 * server and connection_type ("" for plain requests, "messaging_system", "database").
 *
 * Differences, on purpose: the connector also sets a `failed` label whose value follows the
 * latest edge of a series (one series' label flips between true and false); it is left out.
 * The messaging-system latency histogram is not made.
 *
 * Memory is bounded twice: half-seen edges wait at most `pendingTtlMs` and at most
 * `maxPendingEdges` of them are held (more are dropped and counted, as the connector's store
 * does), and at most `maxSeries` client/server/connection_type series are kept.
 */
import type { KeyValue, MetricData, ResourceData } from '@otel-lab/otlp';
import { BucketHistogram } from './bucket-histogram.js';
import { attributeValueText } from './otlp-attribute-value.js';
import { SPAN_METRICS_BUCKETS_SECONDS } from './span-metrics.js';
import { attribute, derivedScope, type SpanSummary, serviceNameOf } from './span-resource.js';

export interface ServiceGraphOptions {
  maxSeries?: number;
  maxPendingEdges?: number;
  pendingTtlMs?: number;
  bucketsSeconds?: readonly number[];
}

type ConnectionType = '' | 'messaging_system' | 'database';

interface PendingEdge {
  client: string;
  server: string;
  clientSeconds: number;
  serverSeconds: number;
  failed: boolean;
  connectionType: ConnectionType;
  createdMs: number;
}

interface EdgeSeries {
  attributes: KeyValue[];
  requests: number;
  failed: number;
  server: BucketHistogram;
  client: BucketHistogram;
}

const KIND_SERVER = 2;
const KIND_CLIENT = 3;
const KIND_PRODUCER = 4;
const KIND_CONSUMER = 5;
const STATUS_ERROR = 2;
const SCOPE = derivedScope('traces_service_graph');
const RESOURCE: ResourceData = { attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

const secondsOf = (span: SpanSummary): number => {
  const nanos = span.endTimeUnixNano - span.startTimeUnixNano;
  return nanos > 0n ? Number(nanos) / 1e9 : 0;
};

export class ServiceGraphAggregator {
  private readonly pending = new Map<string, PendingEdge>();
  private readonly series = new Map<string, EdgeSeries>();
  private readonly maxSeries: number;
  private readonly maxPending: number;
  private readonly ttlMs: number;
  private readonly buckets: readonly number[];
  private readonly startTimeUnixNano: bigint;
  /** Spans not joined to an edge because the pending store or the series limit was full. */
  droppedSpans = 0;
  /** Half-seen edges whose other side did not arrive within the TTL. */
  expiredEdges = 0;

  constructor(options: ServiceGraphOptions = {}, startTimeUnixNano = 0n) {
    this.maxSeries = options.maxSeries ?? 1000;
    this.maxPending = options.maxPendingEdges ?? 10_000;
    this.ttlMs = options.pendingTtlMs ?? 10_000;
    this.buckets = options.bucketsSeconds ?? SPAN_METRICS_BUCKETS_SECONDS;
    this.startTimeUnixNano = startTimeUnixNano;
  }

  get pendingEdges(): number {
    return this.pending.size;
  }

  add(spans: readonly SpanSummary[], nowMs: number): void {
    this.expire(nowMs);
    for (const span of spans) {
      const service = serviceNameOf(span);
      if (service === '') continue; // the connector skips resources without service.name
      const kind = span.kind;
      if (kind === KIND_CLIENT || kind === KIND_PRODUCER) {
        this.upsert(`${span.traceId}/${span.spanId}`, nowMs, (edge) => {
          edge.client = service;
          edge.clientSeconds = secondsOf(span);
          edge.failed ||= span.status.code === STATUS_ERROR;
          if (kind === KIND_PRODUCER) edge.connectionType = 'messaging_system';
          const database = dbNameOf(span);
          if (database !== undefined) {
            edge.connectionType = 'database';
            edge.server = database;
            edge.serverSeconds = secondsOf(span);
          }
        });
      } else if ((kind === KIND_SERVER || kind === KIND_CONSUMER) && span.parentSpanId !== '') {
        this.upsert(`${span.traceId}/${span.parentSpanId}`, nowMs, (edge) => {
          edge.server = service;
          edge.serverSeconds = secondsOf(span);
          edge.failed ||= span.status.code === STATUS_ERROR;
          if (kind === KIND_CONSUMER) edge.connectionType = 'messaging_system';
        });
      }
    }
  }

  /** Forgets half-seen edges older than the TTL. */
  expire(nowMs: number): void {
    for (const [key, edge] of this.pending) {
      if (nowMs - edge.createdMs < this.ttlMs) break; // insertion order is age order
      this.pending.delete(key);
      this.expiredEdges++;
    }
  }

  private upsert(key: string, nowMs: number, update: (edge: PendingEdge) => void): void {
    let edge = this.pending.get(key);
    if (!edge) {
      if (this.pending.size >= this.maxPending) {
        this.droppedSpans++;
        return;
      }
      edge = {
        client: '',
        server: '',
        clientSeconds: 0,
        serverSeconds: 0,
        failed: false,
        connectionType: '',
        createdMs: nowMs,
      };
      this.pending.set(key, edge);
    }
    update(edge);
    if (edge.client !== '' && edge.server !== '') {
      this.pending.delete(key);
      this.complete(edge);
    }
  }

  private complete(edge: PendingEdge): void {
    const key = `${edge.client}\u0000${edge.server}\u0000${edge.connectionType}`;
    let series = this.series.get(key);
    if (!series) {
      if (this.series.size >= this.maxSeries) {
        this.droppedSpans++;
        return;
      }
      series = {
        attributes: [
          attribute('client', edge.client),
          attribute('server', edge.server),
          attribute('connection_type', edge.connectionType),
        ],
        requests: 0,
        failed: 0,
        server: new BucketHistogram(this.buckets, 0),
        client: new BucketHistogram(this.buckets, 0),
      };
      this.series.set(key, series);
    }
    series.requests++;
    if (edge.failed) series.failed++;
    series.server.record(edge.serverSeconds);
    series.client.record(edge.clientSeconds);
  }

  /** The cumulative state as OTLP metrics stamped `timeUnixNano`. */
  collect(timeUnixNano: bigint): MetricData[] {
    const metrics: MetricData[] = [];
    const start = this.startTimeUnixNano;
    const common = { resource: RESOURCE, scope: SCOPE, description: '', unit: '' };
    const counter = (name: string, attributes: KeyValue[], value: number): MetricData => ({
      ...common,
      name,
      type: 'sum',
      temporality: 2,
      monotonic: true,
      points: [
        { attributes, startTimeUnixNano: start, timeUnixNano, flags: 0, value, exemplars: [] },
      ],
    });
    for (const series of this.series.values()) {
      const { attributes } = series;
      metrics.push(counter('traces_service_graph_request_total', attributes, series.requests));
      if (series.failed > 0) {
        metrics.push(
          counter('traces_service_graph_request_failed_total', attributes, series.failed),
        );
      }
      for (const side of ['server', 'client'] as const) {
        metrics.push({
          ...common,
          name: `traces_service_graph_request_${side}_seconds`,
          type: 'histogram',
          temporality: 2,
          points: [series[side].takePoint(attributes, start, timeUnixNano)],
        });
      }
    }
    return metrics;
  }
}

function dbNameOf(span: SpanSummary): string | undefined {
  for (const list of [span.attributes, span.resource.attributes]) {
    for (const { key, value } of list) {
      if (key === 'db.name') return attributeValueText(value);
    }
  }
  return undefined;
}
