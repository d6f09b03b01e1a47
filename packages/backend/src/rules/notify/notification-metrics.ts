/**
 * Prometheus's notifier metrics, with its names, help and labels (notifier/metric.go), so the
 * dashboards and alerts written for Prometheus's own notifier read ours. As in Prometheus 3, each
 * Alertmanager has its own queue, so the queue length and the dropped count are per
 * `alertmanager` (its alerts URL) too.
 */
import { Counter, Gauge, Histogram, type Registry, Summary } from 'prom-client';

export interface NotificationMetrics {
  readonly sent: Counter<'alertmanager'>;
  readonly errors: Counter<'alertmanager'>;
  readonly dropped: Counter<'alertmanager'>;
  readonly queueLength: Gauge<'alertmanager'>;
  readonly latency: Summary<'alertmanager'>;
  readonly latencyHistogram: Histogram<'alertmanager'>;
}

export function createNotificationMetrics(
  registry: Registry,
  alertmanagers: readonly string[],
  queueCapacity: number,
): NotificationMetrics {
  const registers = [registry];
  const labelNames = ['alertmanager'] as const;
  const metrics: NotificationMetrics = {
    sent: new Counter({
      name: 'prometheus_notifications_sent_total',
      help: 'Total number of alerts sent.',
      labelNames,
      registers,
    }),
    errors: new Counter({
      name: 'prometheus_notifications_errors_total',
      help: 'Total number of sent alerts affected by errors.',
      labelNames,
      registers,
    }),
    dropped: new Counter({
      name: 'prometheus_notifications_dropped_total',
      help: 'Total number of alerts dropped due to errors when sending to Alertmanager.',
      labelNames,
      registers,
    }),
    queueLength: new Gauge({
      name: 'prometheus_notifications_queue_length',
      help: 'The number of alert notifications in the queue.',
      labelNames,
      registers,
    }),
    // A Go summary's defaults: these objectives over a 10-minute window.
    latency: new Summary({
      name: 'prometheus_notifications_latency_seconds',
      help: 'Latency quantiles for sending alert notifications.',
      labelNames,
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 600,
      ageBuckets: 5,
      registers,
    }),
    latencyHistogram: new Histogram({
      name: 'prometheus_notifications_latency_histogram_seconds',
      help: 'Latency histogram for sending alert notifications.',
      labelNames,
      buckets: [0.01, 0.1, 1, 10],
      registers,
    }),
  };
  new Gauge({
    name: 'prometheus_notifications_queue_capacity',
    help: 'The capacity of the alert notifications queue.',
    registers,
  }).set(queueCapacity);
  new Gauge({
    name: 'prometheus_notifications_alertmanagers_discovered',
    help: 'The number of alertmanagers discovered and active.',
    registers,
  }).set(alertmanagers.length);
  // Every series from the start at 0, as Prometheus initialises them.
  for (const alertmanager of alertmanagers) {
    for (const counter of [metrics.sent, metrics.errors, metrics.dropped]) {
      counter.inc({ alertmanager }, 0);
    }
    metrics.queueLength.set({ alertmanager }, 0);
  }
  return metrics;
}
