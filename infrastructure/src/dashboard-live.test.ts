import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  PROMETHEUS_BIN,
  type RealPrometheus,
  type ServiceProcess,
  skipWithout,
  startRealPrometheus,
  startServiceProcess,
} from '@otel-lab/testkit';
import { metricNamesOf, prometheusQueries } from './dashboard-queries.js';
import { rewriteForLoopback } from './scrape-config.js';
import {
  asRecord,
  COLLECTOR_CONFIG,
  DASHBOARD_FILE,
  PROMETHEUS_CONFIG,
  ROOT,
  readJson,
  readYaml,
} from './stack-files.js';

// The stack's own scrape configuration, run by a real Prometheus against the real services on
// loopback: every dashboard query must come back with data.
const dashboard = readJson(DASHBOARD_FILE);
const spanMetricsPrefix = `${String(
  asRecord(asRecord(readYaml(COLLECTOR_CONFIG).connectors).span_metrics).namespace,
).replaceAll('.', '_')}_`;

/** The services with no OTEL_* from the machine, no simulated latency, and some failed payments. */
function serviceEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')),
  );
  return {
    ...env,
    LATENCY_SCALE: '0',
    SLOW_PAYMENT_RATE: '0',
    // Traces and logs are not under test here; /metrics is always served.
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    ...extra,
  };
}

interface QueryAnswer {
  status: string;
  data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

describe('the dashboard against a real Prometheus scraping the real services', {
  skip: skipWithout(PROMETHEUS_BIN, 'apt-get install prometheus'),
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-live-'));
  let payment: ServiceProcess;
  let demo: ServiceProcess;
  let prometheus: RealPrometheus;

  const traffic = async () => {
    for (let i = 0; i < 5; i++) {
      await fetch(`${demo.url}/api/orders`, { method: 'POST' }).then((r) => r.arrayBuffer());
      await fetch(`${demo.url}/api/products`).then((r) => r.arrayBuffer());
    }
  };

  before(async () => {
    payment = await startServiceProcess({
      script: join(ROOT, 'payment-service', 'dist', 'main.js'),
      // Some orders fail, so the error panel has errors to show.
      env: serviceEnv({ PAYMENT_FAILURE_RATE: '0.3' }),
    });
    demo = await startServiceProcess({
      script: join(ROOT, 'demo-app', 'dist', 'main.js'),
      env: serviceEnv({ DATA_DIR: join(dir, 'shop'), PAYMENT_SERVICE_URL: payment.url }),
    });
    const config = rewriteForLoopback(
      readYaml(PROMETHEUS_CONFIG),
      {
        'demo-app:8080': new URL(demo.url).host,
        'payment-service:8081': new URL(payment.url).host,
      },
      '1s',
      dirname(PROMETHEUS_CONFIG),
    );
    await traffic();
    prometheus = await startRealPrometheus({ dir: join(dir, 'prometheus'), config });
  });

  after(async () => {
    await prometheus?.stop();
    await demo?.stop();
    await payment?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const instant = async (query: string, time?: string) =>
    (await prometheus.api('query', time ? { query, time } : { query })) as QueryAnswer;
  const hasFiniteValue = (answer: QueryAnswer) =>
    answer.data?.result.some((sample) => Number.isFinite(Number(sample.value[1]))) ?? false;

  test('the rewritten configuration scrapes both services', async () => {
    const deadline = Date.now() + 10_000;
    let up: QueryAnswer;
    do {
      await sleep(500);
      up = await instant('up == 1');
    } while ((up.data?.result.length ?? 0) < 2 && Date.now() < deadline);
    assert.deepEqual(up.data?.result.map((sample) => sample.metric.job).sort(), [
      'demo-app',
      'payment-service',
    ]);
  });

  test('the endpoint variable lists the endpoints that had traffic', async () => {
    const body = (await prometheus.api('label/endpoint/values', {
      'match[]': 'app_requests_total{job="demo-app"}',
    })) as { data: string[] };
    assert.deepEqual(body.data, ['/api/orders', '/api/products']);
  });

  // Span metrics come from the Collector, which does not run here: their queries are left out,
  // and collector-config.test checks their names against the connector's configuration.
  const scraped = prometheusQueries(dashboard).filter(
    (query) => !metricNamesOf(query.resolved).some((name) => name.startsWith(spanMetricsPrefix)),
  );
  test('every dashboard panel but the span-metrics one is checked live', () => {
    assert.ok(scraped.length >= 4, `${scraped.length} panels`);
  });
  for (const query of scraped) {
    test(`${query.panel} answers with data`, async () => {
      // Traffic between scrapes, until the rates over it are real numbers.
      const deadline = Date.now() + 15_000;
      let answer: QueryAnswer;
      for (;;) {
        answer = await instant(query.resolved);
        assert.equal(answer.status, 'success', JSON.stringify(answer));
        if (hasFiniteValue(answer) || Date.now() > deadline) break;
        await traffic();
        await sleep(1100);
      }
      assert.ok(hasFiniteValue(answer), `${query.resolved}: ${JSON.stringify(answer.data)}`);
    });
  }

  // The lab's recording rules run here too, every second: each must hold, at the time it was
  // evaluated, what its panel's query answers for that time.
  const recorded: [panel: string, rule: string, by?: string][] = [
    ['Request rate by endpoint', 'endpoint:app_requests:rate5m', 'endpoint'],
    ['P95 latency', 'job:app_request_duration_seconds:p95_rate5m'],
    ['Error rate', 'job:app_requests_errors:ratio_rate5m'],
  ];
  for (const [panel, rule, by] of recorded) {
    test(`${rule} holds what "${panel}" shows`, async () => {
      const query = scraped.find((candidate) => candidate.panel === panel);
      assert.ok(query, `a panel named ${panel}`);
      const values = (answer: QueryAnswer) =>
        Object.fromEntries(
          (answer.data?.result ?? []).map((s) => [by ? s.metric[by] : '', Number(s.value[1])]),
        );
      // A scrape that lands just after an evaluation changes the query's answer for that time:
      // another evaluation is tried then, a bounded number of times.
      let last = 'no evaluation yet';
      for (let attempt = 0; attempt < 15; attempt++) {
        const at = (await instant(`timestamp(${rule})`)).data?.result[0]?.value[1];
        if (at !== undefined) {
          const got = values(await instant(rule, at));
          const expected = values(await instant(query.resolved, at));
          if (Object.keys(got).length > 0 && sameValues(got, expected)) return;
          last = JSON.stringify({ at, got, expected });
        }
        await traffic();
        await sleep(1000);
      }
      assert.fail(`${rule} never held ${query.resolved}: ${last}`);
    });
  }
});

/** The same keys with the same values, but for the last bits of float summation order. */
function sameValues(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a).sort();
  if (keys.join() !== Object.keys(b).sort().join()) return false;
  return keys.every((key) => {
    const [x = Number.NaN, y = Number.NaN] = [a[key], b[key]];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
    return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  });
}
