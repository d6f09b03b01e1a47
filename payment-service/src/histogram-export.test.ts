import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  type OtlpSink,
  type ReceivedExport,
  startOtlpSink,
  startServiceProcess,
} from '@otel-lab/testkit';

// payment-service as a real process: OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION decides
// what its duration histogram looks like over OTLP, while the scraped /metrics stays classic.
const MAIN = join(__dirname, '..', 'dist', 'main.js');
const METRIC = 'payment_charge_duration_seconds';

let sink: OtlpSink;
before(async () => {
  sink = await startOtlpSink();
});
after(() => sink.close());

interface OtlpMetric {
  name: string;
  histogram?: unknown;
  exponentialHistogram?: { dataPoints: { scale: number; count: string | number }[] };
}

/** Every exported metric called `name`, from OTLP/JSON metric requests. */
function metricsNamed(received: ReceivedExport[], name: string): OtlpMetric[] {
  type Body = { resourceMetrics?: { scopeMetrics?: { metrics?: OtlpMetric[] }[] }[] };
  return received
    .filter((entry) => entry.signal === 'metrics')
    .flatMap((entry) => (entry.json as Body).resourceMetrics ?? [])
    .flatMap((resource) => resource.scopeMetrics ?? [])
    .flatMap((scope) => scope.metrics ?? [])
    .filter((metric) => metric.name === name);
}

/** Starts the service with `aggregation`, charges once, scrapes /metrics, stops (which flushes). */
async function run(aggregation: string | undefined) {
  const mark = sink.received.length;
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_'))),
    LATENCY_SCALE: '0',
    SLOW_PAYMENT_RATE: '0',
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.httpUrl,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    ...(aggregation === undefined
      ? {}
      : { OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: aggregation }),
  };
  const service = await startServiceProcess({ script: MAIN, env });
  const charged = await fetch(`${service.url}/api/charge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId: 'histogram-1', amount: 12.5 }),
  });
  assert.equal(charged.status, 200);
  const scraped = await (await fetch(`${service.url}/metrics`)).text();
  const { code } = await service.stop('SIGTERM');
  assert.equal(code, 0, service.stderr());
  return {
    exported: metricsNamed(sink.received.slice(mark), METRIC),
    scraped,
    stderr: service.stderr(),
  };
}

describe('OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION', () => {
  const rows = [
    { name: 'unset: explicit buckets', value: undefined, exponential: false, warning: false },
    {
      name: 'explicit_bucket_histogram',
      value: 'explicit_bucket_histogram',
      exponential: false,
      warning: false,
    },
    {
      name: 'base2_exponential_bucket_histogram',
      value: 'base2_exponential_bucket_histogram',
      exponential: true,
      warning: false,
    },
    {
      name: 'an unknown value warns and keeps explicit buckets',
      value: 'exponential',
      exponential: false,
      warning: true,
    },
  ];
  for (const row of rows) {
    test(row.name, async () => {
      const { exported, scraped, stderr } = await run(row.value);
      assert.ok(exported.length > 0, `${METRIC} exported over OTLP`);
      for (const metric of exported) {
        if (row.exponential) {
          assert.equal(metric.histogram, undefined);
          const [point] = metric.exponentialHistogram?.dataPoints ?? [];
          assert.ok(point, 'an exponential histogram data point');
          assert.equal(Number(point.count), 1);
          assert.ok(Number.isInteger(point.scale) && point.scale <= 20, `scale ${point.scale}`);
        } else {
          assert.equal(metric.exponentialHistogram, undefined);
          assert.ok(metric.histogram, 'an explicit-bucket histogram');
        }
      }
      // The scrape is what the original lab's histogram_quantile queries read: classic buckets.
      assert.match(scraped, new RegExp(`^${METRIC}_bucket\\{[^}]*le="\\+Inf"[^}]*\\} 1$`, 'm'));
      // The warning names the variable and the value it fell back to, once, at start.
      const warnings = stderr.split('\n').filter((line) => line.includes('HISTOGRAM_AGGREGATION'));
      assert.equal(warnings.length, row.warning ? 1 : 0, stderr);
      if (row.warning)
        assert.match(warnings[0] ?? '', /is not one of .*; using explicit_bucket_histogram/);
    });
  }
});
