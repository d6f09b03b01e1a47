/**
 * The backend's own metrics, served at /metrics in Prometheus's text format: what the receivers
 * stored and refused, the query port's requests, storage, scrapes, and the process (prom-client's
 * default process_* and nodejs_* metrics). One registry per backend, never prom-client's global
 * one, so that tests may start several.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { TargetHealth } from '../metrics/scrape-loop.js';
import type { IngestObserver } from '../receive/ingest-observer.js';
import { createHttpMetrics, type RequestObserver } from './http-metrics.js';
import { createReceiverMetrics } from './receiver-metrics.js';
import { createScrapeMetrics, type ScrapeObserver } from './scrape-metrics.js';
import { registerStorageMetrics, type StorageMetricsOptions } from './storage-metrics.js';

export interface SelfMetricsOptions extends StorageMetricsOptions {
  /** The scrape targets now (the scrape manager's). */
  targets: () => readonly TargetHealth[];
}

export interface SelfMetrics {
  registry: Registry;
  receivers: IngestObserver;
  requests: RequestObserver;
  scrapes: ScrapeObserver;
}

export function createSelfMetrics(options: SelfMetricsOptions): SelfMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerStorageMetrics(registry, options);
  return {
    registry,
    receivers: createReceiverMetrics(registry),
    requests: createHttpMetrics(registry),
    scrapes: createScrapeMetrics(registry, options.targets),
  };
}
