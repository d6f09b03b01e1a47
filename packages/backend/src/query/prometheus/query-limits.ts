/** What a query may cost: the backend's --query-timeout and --query-max-samples. */
export interface QueryLimits {
  timeoutMs: number;
  /** Samples one query may load in all (every selector) and hold in one step of evaluation. */
  maxSamples: number;
}

/**
 * 30 s, as the issue asks (Prometheus's 2 minutes is long for a lab on 2 cores). 10 million
 * samples are 160 MB as loaded (8-byte time, 8-byte value), 24 h of 1,000 series scraped every
 * 15 s (5.8 M); Prometheus's 50 million would be 800 MB, more than the whole backend's ~500 MB.
 */
export const DEFAULT_QUERY_LIMITS: QueryLimits = { timeoutMs: 30_000, maxSamples: 10_000_000 };
