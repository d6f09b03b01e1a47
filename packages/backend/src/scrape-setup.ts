/** What the backend scrapes: the --scrape-config file, or the lab's two services. */
import { readFileSync } from 'node:fs';
import type { BackendConfig } from './config.js';
import {
  defaultScrapeConfig,
  parseScrapeConfig,
  type ScrapeConfig,
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
