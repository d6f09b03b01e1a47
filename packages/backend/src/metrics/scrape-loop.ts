/**
 * The scrape loop of one target: fetch, parse, append, every interval at the target's own phase.
 * At most one scrape is in flight; stop() cancels the timer, aborts and awaits that scrape, so
 * nothing is appended after stop() resolves and no timer is left behind.
 */
import {
  DEFAULT_EXPOSITION_LIMITS,
  type ExpositionLimits,
  expositionFormatOf,
  type ParsedExposition,
} from './exposition.js';
import { parseExposition } from './exposition-parser.js';
import { fetchExposition } from './fetch-exposition.js';
import { formatPrometheusDuration } from './prometheus-duration.js';
import type { Labels, SampleBatch, SampleSink } from './sample.js';
import { ScrapeSeriesCache } from './scrape-samples.js';
import { firstScrapeDelayMs, type ScrapeTarget } from './scrape-target.js';

export interface ScrapeLoopOptions {
  sink: SampleSink;
  limits?: Partial<ExpositionLimits>;
  /** Largest body accepted after decompression; default 64 MiB. */
  maxBodyBytes?: number;
  /** Milliseconds since the epoch; a parameter so tests can pin time. */
  now?: () => number;
  /** Overrides the jittered delay before the first scrape (tests use 0). */
  firstDelayMs?: number;
  /** Told about appends the sink rejected; the loop carries on. */
  onSinkError?: (error: unknown, target: ScrapeTarget) => void;
  /** Told each scrape's outcome (the backend's own /metrics shows the last per target). */
  onScrape?: (target: ScrapeTarget, outcome: ScrapeResult) => void;
}

/** One scrape as the synthetic series give it: up, scrape_duration_seconds, samples scraped. */
export interface ScrapeResult {
  up: boolean;
  durationSeconds: number;
  samples: number;
}

/** One entry of /api/v1/targets' activeTargets, as Prometheus shapes it. */
export interface TargetHealth {
  discoveredLabels: Record<string, string>;
  labels: Labels;
  scrapePool: string;
  scrapeUrl: string;
  globalUrl: string;
  lastError: string;
  /** RFC 3339 time of the last scrape's start; Go's zero time before the first. */
  lastScrape: string;
  /** Seconds. */
  lastScrapeDuration: number;
  health: 'up' | 'down' | 'unknown';
  scrapeInterval: string;
  scrapeTimeout: string;
}

export interface ScrapeLoop {
  readonly target: ScrapeTarget;
  start(): void;
  /** Scrapes now, outside the schedule; resolves once the batch is appended. */
  scrapeNow(): Promise<void>;
  health(): TargetHealth;
  /**
   * Stops the loop. With `staleMarkers`, everything the target wrote is marked stale (the target
   * was removed); without, series are left as they are (the backend shuts down). The markers
   * carry the stop time; Prometheus stamps them with the next scrape slot instead, so here a
   * removed target's series end up to one interval earlier.
   */
  stop(options?: { staleMarkers?: boolean }): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

export function createScrapeLoop(target: ScrapeTarget, options: ScrapeLoopOptions): ScrapeLoop {
  const now = options.now ?? Date.now;
  const limits = { ...DEFAULT_EXPOSITION_LIMITS, ...options.limits };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const { scrapeIntervalMs: intervalMs, scrapeTimeoutMs: timeoutMs } = target.job;
  const cache = new ScrapeSeriesCache(target.labels, target.job.honorLabels);
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let nextDueMs = 0;
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  let health: TargetHealth['health'] = 'unknown';
  let lastError = '';
  let lastScrapeMs: number | undefined;
  let lastDurationSeconds = 0;

  async function scrape(): Promise<void> {
    const startMs = now();
    const started = performance.now();
    let exposition: ParsedExposition | undefined;
    let error = '';
    try {
      const body = await fetchExposition(target.scrapeUrl, {
        timeoutMs,
        maxBodyBytes,
        signal: stopping.signal,
        bearerToken: target.job.bearerToken,
      });
      exposition = parseExposition(body.text, {
        format: expositionFormatOf(body.contentType),
        ...limits,
      });
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    if (stopped) return; // an aborted scrape says nothing about the target
    const durationSeconds = (performance.now() - started) / 1000;
    health = exposition ? 'up' : 'down';
    lastError = error;
    lastScrapeMs = startMs;
    lastDurationSeconds = durationSeconds;
    options.onScrape?.(target, {
      up: health === 'up',
      durationSeconds,
      samples: exposition?.samples.length ?? 0,
    });
    await append(cache.batchFor({ timestampMs: startMs, durationSeconds, exposition }));
  }

  async function append(batch: SampleBatch): Promise<void> {
    try {
      await options.sink.append(batch);
    } catch (caught) {
      options.onSinkError?.(caught, target);
    }
  }

  function runOnce(): Promise<void> {
    if (!inFlight) inFlight = scrape().finally(() => (inFlight = undefined));
    return inFlight;
  }

  function schedule(): void {
    if (stopped) return;
    // Keep to the phase: the next slot after now, skipping any missed while a scrape overran.
    const nowMs = now();
    while (nextDueMs <= nowMs) nextDueMs += intervalMs;
    timer = setTimeout(tick, nextDueMs - nowMs);
  }

  function tick(): void {
    timer = undefined;
    if (stopped) return;
    void runOnce().then(schedule);
  }

  return {
    target,
    start() {
      if (stopped || timer || inFlight) return;
      const delay = options.firstDelayMs ?? firstScrapeDelayMs(target, intervalMs, now());
      nextDueMs = now() + delay;
      timer = setTimeout(tick, delay);
    },
    scrapeNow: runOnce,
    health: () => ({
      discoveredLabels: discoveredLabelsOf(target),
      labels: target.labels,
      scrapePool: target.job.jobName,
      scrapeUrl: target.scrapeUrl,
      globalUrl: target.scrapeUrl,
      lastError,
      lastScrape: lastScrapeMs === undefined ? GO_ZERO_TIME : new Date(lastScrapeMs).toISOString(),
      lastScrapeDuration: lastDurationSeconds,
      health,
      scrapeInterval: formatPrometheusDuration(intervalMs),
      scrapeTimeout: formatPrometheusDuration(timeoutMs),
    }),
    async stop(stopOptions = {}) {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      stopping.abort();
      await inFlight;
      if (stopOptions.staleMarkers) await append(cache.staleBatch(now()));
    },
  };
}

/** The labels before relabelling, as Prometheus lists them for a static target. */
function discoveredLabelsOf(target: ScrapeTarget): Record<string, string> {
  const { job } = target;
  const labels: Record<string, string> = {
    __address__: target.labels.instance ?? '',
    __metrics_path__: job.metricsPath,
    __scheme__: job.scheme,
    __scrape_interval__: formatPrometheusDuration(job.scrapeIntervalMs),
    __scrape_timeout__: formatPrometheusDuration(job.scrapeTimeoutMs),
  };
  for (const [name, value] of Object.entries(target.labels)) {
    if (name !== 'instance') labels[name] = value;
  }
  return labels;
}
