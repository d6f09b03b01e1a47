/**
 * The receivers' counters, named as the OpenTelemetry Collector names its own
 * (otelcol_receiver_accepted_spans, …) under this backend's prefix and with Prometheus's
 * `_total`: otel_lab_receiver_{accepted,refused}_{spans,log_records,metric_points,samples}_total
 * by `protocol`, and otel_lab_receiver_refused_requests_total by signal, protocol and reason.
 * Every label takes values from a closed set, so the series stay few whatever is sent.
 */
import type { MetricData, Signal } from '@otel-lab/otlp';
import { Counter, type Registry } from 'prom-client';
import type {
  IngestObserver,
  IngestProtocol,
  RefusalReason,
  RefusedSignal,
} from '../receive/ingest-observer.js';

/** What is counted, by the name part the Collector gives it. */
const ITEMS = {
  spans: 'spans',
  log_records: 'log records',
  metric_points: 'metric data points',
  samples: 'samples',
} as const;
type Item = keyof typeof ITEMS;

const ITEM_OF: Record<Signal, Item> = {
  traces: 'spans',
  logs: 'log_records',
  metrics: 'metric_points',
};

/** The protocols each item arrives by: their series exist from the start, at 0. */
const PROTOCOLS_OF: Record<Item, readonly IngestProtocol[]> = {
  spans: ['grpc', 'http/protobuf', 'http/json', 'import'],
  log_records: ['grpc', 'http/protobuf', 'http/json', 'import'],
  metric_points: ['grpc', 'http/protobuf', 'http/json', 'import'],
  samples: ['scrape', 'import'],
};

/** Data points in decoded metrics: what partialSuccess counts for metrics, too. */
export function dataPointsOf(metrics: readonly MetricData[]): number {
  let points = 0;
  for (const metric of metrics) points += metric.points.length;
  return points;
}

export function createReceiverMetrics(registry: Registry): IngestObserver {
  const counter = (outcome: 'accepted' | 'refused', item: Item) => {
    const metric = new Counter({
      name: `otel_lab_receiver_${outcome}_${item}_total`,
      help:
        outcome === 'accepted'
          ? `Received ${ITEMS[item]} stored durably, by protocol.`
          : `Received ${ITEMS[item]} not stored: invalid, over a limit, or refused by storage.`,
      labelNames: ['protocol'],
      registers: [registry],
    });
    for (const protocol of PROTOCOLS_OF[item]) metric.inc({ protocol }, 0);
    return metric;
  };
  const counters = Object.fromEntries(
    (Object.keys(ITEMS) as Item[]).map((item) => [
      item,
      { accepted: counter('accepted', item), refused: counter('refused', item) },
    ]),
  ) as Record<Item, { accepted: Counter<'protocol'>; refused: Counter<'protocol'> }>;
  const refusedRequests = new Counter({
    name: 'otel_lab_receiver_refused_requests_total',
    help: 'Requests refused whole (undecodable, too large, too slow, overloaded, storage failed).',
    labelNames: ['signal', 'protocol', 'reason'],
    registers: [registry],
  });

  /** Counts `count` items as accepted once `write` is durable, as refused when it fails. */
  const settle = (item: Item, protocol: IngestProtocol, count: number, write: Promise<void>) =>
    write.then(
      () => {
        counters[item].accepted.inc({ protocol }, count);
      },
      (error: unknown) => {
        counters[item].refused.inc({ protocol }, count);
        throw error;
      },
    );

  return {
    sink(sink, protocol, samples = false) {
      return {
        writeSpanColumns: (columns) =>
          settle('spans', protocol, columns.count, sink.writeSpanColumns(columns)),
        writeLogColumns: (columns) =>
          settle('log_records', protocol, columns.count, sink.writeLogColumns(columns)),
        writeMetrics: (metrics, receivedNs) =>
          settle(
            'metric_points',
            protocol,
            dataPointsOf(metrics),
            sink.writeMetrics(metrics, receivedNs),
          ),
        writeSamples: samples
          ? (batch) => settle('samples', protocol, batch.values.length, sink.writeSamples(batch))
          : (batch) => sink.writeSamples(batch),
      };
    },
    rejected(signal: Signal, protocol: IngestProtocol, count: number) {
      if (count > 0) counters[ITEM_OF[signal]].refused.inc({ protocol }, count);
    },
    refused(signal: RefusedSignal, protocol: IngestProtocol, reason: RefusalReason) {
      refusedRequests.inc({ signal, protocol, reason });
    },
  };
}
