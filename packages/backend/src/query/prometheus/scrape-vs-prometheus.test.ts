import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BackendProcess,
  call,
  hasRealPrometheus,
  PROMETHEUS_BIN,
  type RealPrometheus,
  type ServiceProcess,
  startBackendProcess,
  startRealPrometheus,
  startServiceProcess,
} from '@otel-lab/testkit';

const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const MAIN = join(__dirname, '..', '..', 'main.js');

const present = hasRealPrometheus();
if (!present && process.env.OTEL_LAB_REQUIRE_ALL) {
  test('the real Prometheus is installed', () => assert.fail(`${PROMETHEUS_BIN} is missing`));
}

/**
 * Prometheus 3 (which the backend follows) writes `le` and `quantile` values of classic
 * histograms and summaries as floats ("1.0"), Prometheus 2 as exposed ("1"); compare the numbers.
 */
function normalised(labels: Record<string, string>): string {
  const entries = Object.entries(labels).map(([name, value]) =>
    name === 'le' || name === 'quantile' ? [name, String(Number(value))] : [name, value],
  );
  return JSON.stringify(entries.sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)));
}

describe('scraping the running demo-app: the backend and a real Prometheus see the same series', {
  skip: present ? false : `no Prometheus at ${PROMETHEUS_BIN} (apt-get install prometheus)`,
}, () => {
  const services: ServiceProcess[] = [];
  let prometheus: RealPrometheus;
  let backend: BackendProcess;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scrape-reference-'));
    const env = {
      ...process.env,
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      LATENCY_SCALE: '0',
      SLOW_PAYMENT_RATE: '0',
    };
    const payment = await startServiceProcess({
      script: join(ROOT, 'payment-service', 'dist', 'main.js'),
      env,
    });
    services.push(payment);
    const demo = await startServiceProcess({
      script: join(ROOT, 'demo-app', 'dist', 'main.js'),
      env: { ...env, PAYMENT_SERVICE_URL: payment.url, DATA_DIR: join(dir, 'shop') },
    });
    services.push(demo);
    const host = (url: string) => new URL(url).host;
    const config = `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: demo-app
    static_configs: [{ targets: ['${host(demo.url)}'] }]
  - job_name: payment-service
    static_configs: [{ targets: ['${host(payment.url)}'] }]
`;
    writeFileSync(join(dir, 'scrape.yml'), config);
    // Traffic first, so every series exists before either starts scraping.
    for (let i = 0; i < 3; i++) {
      assert.equal((await call(demo.url, 'POST', '/api/orders')).status, 201);
      assert.equal((await call(demo.url, 'GET', '/api/products')).status, 200);
    }
    prometheus = await startRealPrometheus({ dir: join(dir, 'prometheus'), config });
    backend = await startBackendProcess(MAIN, [
      '--data-dir',
      join(dir, 'ours'),
      '--scrape-config',
      join(dir, 'scrape.yml'),
      // Only the targets both scrape: the real Prometheus does not scrape this backend.
      '--self-scrape-interval',
      '0',
    ]);
    // Both have scraped both targets twice (Prometheus starts scraping a few seconds after it
    // starts: its discovery updates are throttled).
    const scrapedTwice = async (base: string) => {
      const response = await fetch(
        `${base}/api/v1/query?${new URLSearchParams({ query: 'count_over_time(up[1m]) >= 2' })}`,
      );
      const body = (await response.json()) as { data?: { result?: unknown[] } };
      return (body.data?.result?.length ?? 0) === 2;
    };
    const deadline = Date.now() + 30_000;
    while (!((await scrapedTwice(prometheus.url)) && (await scrapedTwice(backend.queryUrl)))) {
      if (Date.now() > deadline) throw new Error('no two scrapes of both targets in 30 s');
      await sleep(250);
    }
  });
  after(async () => {
    await backend?.stop();
    await prometheus?.stop();
    await Promise.all(services.map((service) => service.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (base: string, path: string, params: Record<string, string>) => {
    const response = await fetch(`${base}/api/v1/${path}?${new URLSearchParams(params)}`);
    const body = (await response.json()) as { status: string; data: unknown };
    assert.equal(body.status, 'success', `${base}: ${JSON.stringify(body)}`);
    return body.data;
  };

  for (const job of ['demo-app', 'payment-service']) {
    test(`${job}: the same series`, async () => {
      const params = { 'match[]': `{job="${job}"}`, start: String(Date.now() / 1000 - 300) };
      const series = async (base: string) =>
        ((await ask(base, 'series', params)) as Record<string, string>[]).map(normalised).sort();
      const ours = await series(backend.queryUrl);
      const theirs = await series(prometheus.url);
      assert.ok(theirs.some((s) => s.includes('app_requests_total') || s.includes('payment')));
      assert.deepEqual(ours, theirs);
    });

    test(`${job}: the same metric names and label names`, async () => {
      const params = { 'match[]': `{job="${job}"}` };
      for (const path of ['labels', 'label/__name__/values']) {
        assert.deepEqual(
          await ask(backend.queryUrl, path, params),
          await ask(prometheus.url, path, params),
          path,
        );
      }
    });
  }

  test('both see both targets up', async () => {
    for (const base of [backend.queryUrl, prometheus.url]) {
      const data = (await ask(base, 'query', { query: 'up' })) as {
        result: { metric: { job: string }; value: [number, string] }[];
      };
      assert.deepEqual(
        data.result.map((r) => [r.metric.job, r.value[1]]).sort(),
        [
          ['demo-app', '1'],
          ['payment-service', '1'],
        ],
        base,
      );
    }
  });
});
