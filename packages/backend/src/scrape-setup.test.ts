import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  loadScrapeConfig,
  ScrapeConfigError,
  selfAddress,
  withSelfScrape,
} from './scrape-setup.js';

const lab = { demoAppUrl: 'http://127.0.0.1:18080', paymentUrl: 'https://pay.example:8443' };

test('without a file, both services are scraped at their URLs', () => {
  const { config, origin } = loadScrapeConfig({ scrapeConfigFile: '', ...lab });
  assert.deepEqual(
    config.jobs.map((job) => [job.jobName, job.scheme, job.staticConfigs[0]?.targets]),
    [
      ['demo-app', 'http', ['127.0.0.1:18080']],
      ['payment-service', 'https', ['pay.example:8443']],
    ],
  );
  assert.match(origin, /demo-app at http:\/\/127\.0\.0\.1:18080/);
});

test('a file is read and validated; its problems and a missing file are ScrapeConfigErrors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrape-setup-'));
  const good = join(dir, 'good.yml');
  writeFileSync(
    good,
    "scrape_configs:\n  - job_name: x\n    static_configs: [{ targets: ['h:1'] }]\n",
  );
  assert.deepEqual(
    loadScrapeConfig({ scrapeConfigFile: good, ...lab }).config.jobs.map((job) => job.jobName),
    ['x'],
  );
  const bad = join(dir, 'bad.yml');
  writeFileSync(bad, 'scrape_configs:\n  - job_name: x\n    relabel_configs: []\n');
  assert.throws(
    () => loadScrapeConfig({ scrapeConfigFile: bad, ...lab }),
    (error: unknown) => error instanceof ScrapeConfigError && /relabel_configs/.test(error.message),
  );
  assert.throws(
    () => loadScrapeConfig({ scrapeConfigFile: join(dir, 'none.yml'), ...lab }),
    (error: unknown) => error instanceof ScrapeConfigError && /cannot read/.test(error.message),
  );
});

describe('the scrape of itself', () => {
  const { config } = loadScrapeConfig({ scrapeConfigFile: '', ...lab });
  const self = { address: '127.0.0.1:16686', intervalMs: 15_000 };

  test('is a job otel-lab on the query port, after the configured ones', () => {
    const job = withSelfScrape(config, self).jobs.at(-1);
    assert.deepEqual(
      [job?.jobName, job?.metricsPath, job?.scrapeIntervalMs, job?.scrapeTimeoutMs],
      ['otel-lab', '/metrics', 15_000, 10_000],
    );
    assert.deepEqual(job?.staticConfigs, [{ targets: ['127.0.0.1:16686'], labels: {} }]);
    assert.equal(job?.bearerToken, undefined);
    assert.equal(withSelfScrape(config, self).jobs.length, config.jobs.length + 1);
  });

  test('carries the access token where the port asks one, and a timeout within its interval', () => {
    const job = withSelfScrape(config, { ...self, intervalMs: 2000, bearerToken: 't0k' }).jobs.at(
      -1,
    );
    assert.deepEqual([job?.bearerToken, job?.scrapeTimeoutMs], ['t0k', 2000]);
  });

  test('is left out at interval 0, or when the configuration has a job otel-lab', () => {
    assert.equal(withSelfScrape(config, { ...self, intervalMs: 0 }), config);
    const own = withSelfScrape(config, self);
    assert.equal(withSelfScrape(own, { ...self, address: 'elsewhere:1' }), own);
  });

  const addresses: [string, string][] = [
    ['127.0.0.1', '127.0.0.1:9'],
    ['0.0.0.0', '127.0.0.1:9'],
    ['::', '[::1]:9'],
    ['::1', '[::1]:9'],
    ['192.168.1.5', '192.168.1.5:9'],
    ['localhost', 'localhost:9'],
  ];
  for (const [bind, address] of addresses) {
    test(`bound to ${bind}, it scrapes ${address}`, () =>
      assert.equal(selfAddress(bind, 9), address));
  }
});
