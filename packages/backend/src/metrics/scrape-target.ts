/** Scrape targets: what one address of one job is called, where it is fetched, and when. */
import type { Labels } from './sample.js';
import { seriesKey, sortedLabels } from './sample.js';
import type { ScrapeConfig, ScrapeJobConfig } from './scrape-config.js';

export interface ScrapeTarget {
  job: ScrapeJobConfig;
  /** job, instance and the static group's labels, sorted; attached to every scraped series. */
  labels: Labels;
  scrapeUrl: string;
  /** Identifies the target across configuration reloads. */
  key: string;
}

/**
 * Prometheus 3's Accept header for its default protocols, OpenMetrics first. Escaping is asked
 * as "underscores" because the parser reads the classic (non-UTF-8) name syntax.
 */
export const SCRAPE_ACCEPT_HEADER =
  'application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,' +
  'application/openmetrics-text;version=0.0.1;q=0.5,' +
  'text/plain;version=1.0.0;escaping=underscores;q=0.4,' +
  'text/plain;version=0.0.4;q=0.3,*/*;q=0.2';

/** Every target of every job, in configuration order; a repeated address within a job once. */
export function scrapeTargetsOf(config: ScrapeConfig): ScrapeTarget[] {
  const targets: ScrapeTarget[] = [];
  const seen = new Set<string>();
  for (const job of config.jobs) {
    for (const group of job.staticConfigs) {
      for (const address of group.targets) {
        const labels = sortedLabels([
          ...Object.entries(group.labels),
          ['job', job.jobName],
          ['instance', address],
        ]);
        const scrapeUrl = scrapeUrlOf(job, address);
        // Settings that change how the loop runs are part of the identity: a reload restarts it.
        const settings = `${job.scrapeIntervalMs}/${job.scrapeTimeoutMs}/${job.honorLabels}`;
        const key = `${scrapeUrl}\u0000${settings}\u0000${seriesKey(labels)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        targets.push({ job, labels, scrapeUrl, key });
      }
    }
  }
  return targets;
}

function scrapeUrlOf(job: ScrapeJobConfig, address: string): string {
  const url = new URL(`${job.scheme}://${address}${job.metricsPath}`);
  for (const [name, values] of Object.entries(job.params)) {
    for (const value of values) url.searchParams.append(name, value);
  }
  return url.toString();
}

/**
 * How long to wait before the first scrape: a fixed phase per target within the interval, as
 * Prometheus spreads its targets, so that many targets do not all fire at once and each one is
 * scraped at the same offset after every restart.
 */
export function firstScrapeDelayMs(
  target: ScrapeTarget,
  intervalMs: number,
  nowMs: number,
): number {
  const phase = fnv1a(target.key) % intervalMs;
  const sinceBoundary = nowMs % intervalMs;
  return (phase - sinceBoundary + intervalMs) % intervalMs;
}

/** 32-bit FNV-1a over UTF-16 code units: cheap, stable, well spread for short keys. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
