/**
 * The last scrape of each configured target: otel_lab_scrape_target_up, _duration_seconds and
 * _samples by `scrape_job` and `target` (its address), as Prometheus's synthetic up,
 * scrape_duration_seconds and scrape_samples_scraped give them. The labels are not job and
 * instance, which the self-scrape attaches to every series it stores. Only targets in the
 * configuration now are shown, so the series are as many as the configuration's targets.
 */
import { Gauge, type Registry } from 'prom-client';
import type { ScrapeResult, TargetHealth } from '../metrics/scrape-loop.js';
import type { ScrapeTarget } from '../metrics/scrape-target.js';

export type ScrapeObserver = (target: ScrapeTarget, outcome: ScrapeResult) => void;

const keyOf = (pool: string, url: string) => `${pool}\u0000${url}`;

export function createScrapeMetrics(
  registry: Registry,
  targets: () => readonly TargetHealth[],
): ScrapeObserver {
  const last = new Map<string, ScrapeResult>();
  const labelNames = ['scrape_job', 'target'] as const;
  /** Each current target that has been scraped, with its labels and last outcome. */
  const scraped = () => {
    const current = targets();
    const kept = new Set(current.map((t) => keyOf(t.scrapePool, t.scrapeUrl)));
    for (const key of last.keys()) if (!kept.has(key)) last.delete(key);
    return current.flatMap((t) => {
      const outcome = last.get(keyOf(t.scrapePool, t.scrapeUrl));
      const labels = { scrape_job: t.scrapePool, target: t.labels.instance ?? t.scrapeUrl };
      return outcome ? [{ labels, outcome }] : [];
    });
  };
  const gauge = (name: string, help: string, value: (outcome: ScrapeResult) => number) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const { labels, outcome } of scraped()) this.set(labels, value(outcome));
      },
    });
  gauge('otel_lab_scrape_target_up', '1 if the last scrape of the target succeeded.', (o) =>
    o.up ? 1 : 0,
  );
  gauge(
    'otel_lab_scrape_target_duration_seconds',
    'How long the last scrape of the target took.',
    (o) => o.durationSeconds,
  );
  gauge(
    'otel_lab_scrape_target_samples',
    'Samples the last scrape of the target exposed.',
    (o) => o.samples,
  );
  return (target, outcome) => {
    last.set(keyOf(target.job.jobName, target.scrapeUrl), outcome);
  };
}
