/**
 * Data a check found missing that arrives by itself once requests flow: what it waits for, its
 * cadence, and how long after the first requests it should be there. The cadences are the lab's
 * defaults (the backend's --span-metrics-interval and scrape interval, the Collector's
 * metrics_flush_interval and Prometheus's scrape_interval in the real stack: 15 s each; the
 * OpenTelemetry SDK's batch delays: 5 s for spans, 1 s for logs).
 */

export interface Pending {
  /** What is awaited and how often it comes: "span metrics (flushed every 15 s)". */
  what: string;
  /** How long after the first requests it should be there. */
  withinMs: number;
  /** Requests bring it (npm run traffic); false: it is on its way without them. */
  traffic: boolean;
}

export const PENDING = {
  spans: { what: 'spans (the services export them every 5 s)', withinMs: 10_000, traffic: true },
  /** A service just started: the first scrape has not happened yet. */
  firstScrape: { what: 'the first scrape (one every 15 s)', withinMs: 15_000, traffic: false },
  scrape: { what: 'a scrape after requests (one every 15 s)', withinMs: 15_000, traffic: true },
  /** A rate needs two samples with requests between them. */
  scrapedRate: {
    what: 'two scrapes with requests between them (15 s apart)',
    withinMs: 30_000,
    traffic: true,
  },
  spanMetrics: {
    what: 'spans, then a span-metrics flush (one every 15 s)',
    withinMs: 25_000,
    traffic: true,
  },
  spanMetricsRate: {
    what: 'spans, then two span-metrics flushes with requests between them (15 s apart)',
    withinMs: 40_000,
    traffic: true,
  },
  logs: {
    what: 'log records (the services export them every second)',
    withinMs: 5_000,
    traffic: false,
  },
} as const satisfies Record<string, Pending>;

const RATE = /\b(?:rate|irate|increase|delta|idelta|deriv)\s*\(/;

/** What a PromQL query without data waits for: scrapes or span metrics, one sample or two. */
export function pendingOfQuery(query: string): Pending {
  const twoSamples = RATE.test(query);
  if (query.includes('traces_span_metrics')) {
    return twoSamples ? PENDING.spanMetricsRate : PENDING.spanMetrics;
  }
  return twoSamples ? PENDING.scrapedRate : PENDING.scrape;
}

/** "allow up to 30 s for two scrapes (every 15 s) …": how long to wait, and why. */
export const waitAdvice = (pending: Pending) =>
  `allow up to ${Math.round(pending.withinMs / 1000)} s for ${pending.what}`;
