import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import type { TargetHealth } from '../metrics/scrape-loop.js';
import type { ScrapeTarget } from '../metrics/scrape-target.js';
import { metricValue } from './metric-value.js';
import { createScrapeMetrics } from './scrape-metrics.js';

const health = (job: string, address: string) =>
  ({
    scrapePool: job,
    scrapeUrl: `http://${address}/metrics`,
    labels: { job, instance: address },
  }) as unknown as TargetHealth;
const target = (job: string, address: string) =>
  ({ job: { jobName: job }, scrapeUrl: `http://${address}/metrics` }) as ScrapeTarget;

test("each configured target's last scrape; a removed target's series go", async () => {
  let configured = [health('shop', 'a:1'), health('shop', 'b:2'), health('otel-lab', 'c:3')];
  const registry = new Registry();
  const observe = createScrapeMetrics(registry, () => configured);
  observe(target('shop', 'a:1'), { up: true, durationSeconds: 0.25, samples: 40 });
  observe(target('shop', 'b:2'), { up: false, durationSeconds: 10, samples: 0 });
  const value = (name: string, job: string, address: string) =>
    metricValue(registry, `otel_lab_scrape_target_${name}`, { scrape_job: job, target: address });
  assert.equal(await value('up', 'shop', 'a:1'), 1);
  assert.equal(await value('up', 'shop', 'b:2'), 0);
  assert.equal(await value('duration_seconds', 'shop', 'a:1'), 0.25);
  assert.equal(await value('samples', 'shop', 'a:1'), 40);
  assert.equal(await value('up', 'otel-lab', 'c:3'), undefined, 'not scraped yet');
  configured = [health('shop', 'a:1')];
  assert.equal(await value('up', 'shop', 'b:2'), undefined);
  assert.doesNotMatch(await registry.metrics(), /b:2/);
});
