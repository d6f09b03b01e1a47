/**
 * RED metrics from spans, as the OpenTelemetry Collector's spanmetrics connector makes them with
 * its current defaults (namespace "traces.span.metrics", histogram unit seconds, cumulative):
 * a calls counter and a duration histogram per service.name, span.name, span.kind and
 * status.code, which Prometheus's OTLP translation turns into traces_span_metrics_calls_total and
 * traces_span_metrics_duration_seconds_bucket/_sum/_count with labels service_name, span_name,
 * span_kind ("SPAN_KIND_SERVER") and status_code ("STATUS_CODE_ERROR"), plus job and instance.
 * Histogram points carry up to a few exemplars (trace_id, span_id) recorded since the last
 * collect, as the connector does when exemplars are enabled.
 *
 * Memory is bounded: at most `maxSeries` keys are kept; spans of new keys beyond it are dropped
 * and counted (the connector would fold them into an overflow series instead).
 */
import type { MetricData } from '@otel-lab/otlp';
import { BucketHistogram } from './bucket-histogram.js';
import { attribute, DerivedResources, derivedScope, type SpanSummary } from './span-resource.js';

/** The connector's default bounds (2 ms … 15 s), in seconds. */
export const SPAN_METRICS_BUCKETS_SECONDS: readonly number[] = [
  0.002, 0.004, 0.006, 0.008, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1, 1.4, 2, 5, 10, 15,
];

export interface SpanMetricsOptions {
  /** Most (service, span name, kind, status) keys held; default 10,000. */
  maxSeries?: number;
  bucketsSeconds?: readonly number[];
  /** Exemplars per histogram point per collect; default 5 (the connector's default). */
  maxExemplarsPerPoint?: number;
}

const SPAN_KINDS = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

interface SpanSeries {
  resource: MetricData['resource'];
  attributes: MetricData['resource']['attributes'];
  calls: number;
  duration: BucketHistogram;
  startTimeUnixNano: bigint;
}

const SCOPE = derivedScope('spanmetricsconnector');

export class SpanMetricsAggregator {
  private readonly series = new Map<string, SpanSeries>();
  private readonly resources: DerivedResources;
  private readonly maxSeries: number;
  private readonly buckets: readonly number[];
  private readonly maxExemplars: number;
  private dropped = 0;

  constructor(options: SpanMetricsOptions = {}) {
    this.maxSeries = options.maxSeries ?? 10_000;
    this.buckets = options.bucketsSeconds ?? SPAN_METRICS_BUCKETS_SECONDS;
    this.maxExemplars = options.maxExemplarsPerPoint ?? 5;
    this.resources = new DerivedResources(this.maxSeries);
  }

  /** Spans left out because the series limit was reached. */
  get droppedSpans(): number {
    return this.dropped;
  }

  get seriesCount(): number {
    return this.series.size;
  }

  add(spans: readonly SpanSummary[]): void {
    for (const span of spans) {
      const { resource, key: resourceKey, serviceName: service } = this.resources.of(span);
      const kind = SPAN_KINDS[span.kind] ?? 'SPAN_KIND_UNSPECIFIED';
      const status = STATUS_CODES[span.status.code] ?? 'STATUS_CODE_UNSET';
      const key = `${resourceKey}\u0001${service}\u0001${span.name}\u0001${kind}\u0001${status}`;
      let series = this.series.get(key);
      if (!series) {
        if (this.series.size >= this.maxSeries) {
          this.dropped++;
          continue;
        }
        series = {
          resource,
          attributes: [
            attribute('service.name', service),
            attribute('span.name', span.name),
            attribute('span.kind', kind),
            attribute('status.code', status),
          ],
          calls: 0,
          duration: new BucketHistogram(this.buckets, this.maxExemplars),
          startTimeUnixNano: span.startTimeUnixNano,
        };
        this.series.set(key, series);
      }
      series.calls++;
      const nanos = span.endTimeUnixNano - span.startTimeUnixNano;
      const seconds = nanos > 0n ? Number(nanos) / 1e9 : 0; // end before start counts as 0
      series.duration.record(seconds, { traceId: span.traceId, spanId: span.spanId });
    }
  }

  /** The current cumulative state as OTLP metrics stamped `timeUnixNano`. */
  collect(timeUnixNano: bigint): MetricData[] {
    const metrics: MetricData[] = [];
    for (const series of this.series.values()) {
      const common = { resource: series.resource, scope: SCOPE, description: '' };
      metrics.push({
        ...common,
        name: 'traces.span.metrics.calls',
        unit: '',
        type: 'sum',
        temporality: 2,
        monotonic: true,
        points: [
          {
            attributes: series.attributes,
            startTimeUnixNano: series.startTimeUnixNano,
            timeUnixNano,
            flags: 0,
            value: series.calls,
            exemplars: [],
          },
        ],
      });
      metrics.push({
        ...common,
        name: 'traces.span.metrics.duration',
        unit: 's',
        type: 'histogram',
        temporality: 2,
        points: [
          series.duration.takePoint(series.attributes, series.startTimeUnixNano, timeUnixNano),
        ],
      });
    }
    return metrics;
  }
}
