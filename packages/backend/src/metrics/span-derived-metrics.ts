/**
 * The span metrics and service graph stage: spans in as they are ingested, cumulative samples out
 * to the sink every flush interval, stamped with the flush time, through the same OTLP → Prometheus
 * translation a Collector → Prometheus pipeline would apply.
 */
import { translateOtlpMetrics } from './otlp-metrics-to-samples.js';
import type { SampleSink } from './sample.js';
import { ServiceGraphAggregator, type ServiceGraphOptions } from './service-graph.js';
import { SpanMetricsAggregator, type SpanMetricsOptions } from './span-metrics.js';
import type { SpanSummary } from './span-resource.js';

export interface SpanDerivedMetricsOptions {
  sink: SampleSink;
  /** Default 15 s; the Collector's connectors default to 60 s and 0 (every batch). */
  flushIntervalMs?: number;
  now?: () => number;
  spanMetrics?: SpanMetricsOptions;
  serviceGraph?: ServiceGraphOptions;
  onSinkError?: (error: unknown) => void;
}

export interface SpanDerivedMetricsStats {
  spanMetricsSeries: number;
  spanMetricsDroppedSpans: number;
  serviceGraphDroppedSpans: number;
  serviceGraphExpiredEdges: number;
  serviceGraphPendingEdges: number;
}

export interface SpanDerivedMetrics {
  consume(spans: readonly SpanSummary[]): void;
  /** Writes the current state now; resolves once the sink has it. */
  flush(): Promise<void>;
  start(): void;
  /** Stops the timer, awaits a running flush and writes a last one. */
  stop(): Promise<void>;
  stats(): SpanDerivedMetricsStats;
}

export function createSpanDerivedMetrics(options: SpanDerivedMetricsOptions): SpanDerivedMetrics {
  const now = options.now ?? Date.now;
  const intervalMs = options.flushIntervalMs ?? 15_000;
  const startNs = BigInt(now()) * 1_000_000n;
  const spanMetrics = new SpanMetricsAggregator(options.spanMetrics);
  const serviceGraph = new ServiceGraphAggregator(options.serviceGraph, startNs);
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  let stopped = false;

  /** Never rejects: a failed append is reported and the next flush carries the same totals. */
  async function write(): Promise<void> {
    try {
      const nowMs = now();
      serviceGraph.expire(nowMs);
      const timeUnixNano = BigInt(nowMs) * 1_000_000n;
      const metrics = [...spanMetrics.collect(timeUnixNano), ...serviceGraph.collect(timeUnixNano)];
      if (metrics.length === 0) return;
      await options.sink.append(translateOtlpMetrics(metrics).batch);
    } catch (error) {
      options.onSinkError?.(error);
    }
  }

  function flush(): Promise<void> {
    // Chained, so two flushes never interleave their appends.
    const next = (flushing ?? Promise.resolve()).then(write);
    flushing = next;
    void next.finally(() => {
      if (flushing === next) flushing = undefined;
    });
    return next;
  }

  return {
    consume(spans) {
      if (stopped) return;
      spanMetrics.add(spans);
      serviceGraph.add(spans, now());
    },
    flush,
    start() {
      if (stopped || timer) return;
      timer = setInterval(() => void flush(), intervalMs);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await flush();
    },
    stats: () => ({
      spanMetricsSeries: spanMetrics.seriesCount,
      spanMetricsDroppedSpans: spanMetrics.droppedSpans,
      serviceGraphDroppedSpans: serviceGraph.droppedSpans,
      serviceGraphExpiredEdges: serviceGraph.expiredEdges,
      serviceGraphPendingEdges: serviceGraph.pendingEdges,
    }),
  };
}
