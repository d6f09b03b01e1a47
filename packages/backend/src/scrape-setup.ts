/** What the backend scrapes: the --scrape-config file, or the lab's two services; and itself. */
import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import type { BackendConfig } from './config.js';
import {
  defaultScrapeConfig,
  parseScrapeConfig,
  type ScrapeConfig,
  type ScrapeJobConfig,
} from './metrics/scrape-config.js';

/** A scrape configuration that cannot be used; the message lists every problem. */
export class ScrapeConfigError extends Error {
  override name = 'ScrapeConfigError';
}

export interface LoadedScrapeConfig {
  config: ScrapeConfig;
  warnings: string[];
  /** Where it came from, for the start-up log. */
  origin: string;
}

type ScrapeOptions = Pick<BackendConfig, 'scrapeConfigFile' | 'demoAppUrl' | 'paymentUrl'>;

export function loadScrapeConfig(options: ScrapeOptions): LoadedScrapeConfig {
  const file = options.scrapeConfigFile;
  if (file === '') return labDefault(options);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScrapeConfigError(`cannot read --scrape-config ${file}: ${(error as Error).message}`);
  }
  const parsed = parseScrapeConfig(text);
  if ('errors' in parsed) {
    throw new ScrapeConfigError(
      `--scrape-config ${file} is not a usable prometheus.yml:\n  ${parsed.errors.join('\n  ')}`,
    );
  }
  return { config: parsed.config, warnings: parsed.warnings, origin: file };
}

/** Both services' /metrics, at the scheme and address of their URLs. */
function labDefault(options: ScrapeOptions): LoadedScrapeConfig {
  const demo = new URL(options.demoAppUrl);
  const payment = new URL(options.paymentUrl);
  const config = defaultScrapeConfig({ demoApp: demo.host, paymentService: payment.host });
  const schemes = [demo, payment].map((url) => (url.protocol === 'https:' ? 'https' : 'http'));
  config.jobs.forEach((job, index) => {
    job.scheme = schemes[index] ?? 'http';
  });
  return {
    config,
    warnings: [],
    origin: `demo-app at ${options.demoAppUrl} and payment-service at ${options.paymentUrl}`,
  };
}

/** The job the backend scrapes its own /metrics as. */
export const SELF_SCRAPE_JOB = 'otel-lab';

export interface SelfScrape {
  /** host:port where the backend reaches its own query port. */
  address: string;
  /** --self-scrape-interval; 0 when turned off. */
  intervalMs: number;
  /** The query port's access token, when it asks one. */
  bearerToken?: string;
}

/**
 * `config` with the backend's own /metrics as job otel-lab, as Prometheus's default
 * configuration scrapes Prometheus; unchanged when the interval is 0 or a job of that name is
 * configured already (the file's own wins).
 */
export function withSelfScrape(config: ScrapeConfig, self: SelfScrape): ScrapeConfig {
  if (self.intervalMs === 0 || config.jobs.some((job) => job.jobName === SELF_SCRAPE_JOB)) {
    return config;
  }
  const job: ScrapeJobConfig = {
    jobName: SELF_SCRAPE_JOB,
    scrapeIntervalMs: self.intervalMs,
    // Prometheus's default timeout, shortened to the interval as Prometheus requires.
    scrapeTimeoutMs: Math.min(10_000, self.intervalMs),
    metricsPath: '/metrics',
    scheme: 'http',
    honorLabels: false,
    params: {},
    staticConfigs: [{ targets: [self.address], labels: {} }],
    ...(self.bearerToken && { bearerToken: self.bearerToken }),
  };
  return { ...config, jobs: [...config.jobs, job] };
}

/** The address the backend reaches its query port at, bound to `bind`: loopback for a wildcard. */
export function selfAddress(bind: string, port: number): string {
  const host = bind === '0.0.0.0' ? '127.0.0.1' : bind === '::' ? '::1' : bind;
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}
