import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadScrapeConfig, ScrapeConfigError } from './scrape-setup.js';

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
