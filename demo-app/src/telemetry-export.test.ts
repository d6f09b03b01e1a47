import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  freePort,
  logsOf,
  type OtlpSink,
  resourcesOf,
  spansOf,
  startOtlpSink,
  startServiceProcess,
} from '@otel-lab/testkit';

// Both services as real processes configured only through the standard OTEL_* variables.
const ROOT = join(__dirname, '..', '..');
const DEMO_MAIN = join(ROOT, 'demo-app', 'dist', 'main.js');
const PAYMENT_MAIN = join(ROOT, 'payment-service', 'dist', 'main.js');

let sink: OtlpSink;
before(async () => {
  sink = await startOtlpSink();
});
after(() => sink.close());

/** An environment without OTEL_* leaking in from the machine running the tests. */
function baseEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')),
  );
  return {
    ...env,
    LATENCY_SCALE: '0',
    SLOW_PAYMENT_RATE: '0',
    OTEL_BSP_SCHEDULE_DELAY: '50',
    OTEL_BLRP_SCHEDULE_DELAY: '50',
    ...extra,
  };
}

async function startPayment(env: NodeJS.ProcessEnv) {
  return startServiceProcess({ script: PAYMENT_MAIN, env: baseEnv(env) });
}

async function charge(url: string, orderId: string): Promise<Response> {
  return fetch(`${url}/api/charge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId, amount: 12.5 }),
  });
}

/** Exports received since `mark`, the sink's length when the test started. */
const since = (mark: number) => sink.received.slice(mark);

describe('OTEL_EXPORTER_OTLP_PROTOCOL picks the transport for all three signals', () => {
  const rows = [
    { protocol: 'http/protobuf', transport: 'http', contentType: 'application/x-protobuf' },
    { protocol: 'http/json', transport: 'http', contentType: 'application/json' },
    { protocol: 'grpc', transport: 'grpc', contentType: 'application/grpc' },
  ] as const;
  for (const row of rows) {
    test(row.protocol, async () => {
      const mark = sink.received.length;
      const payment = await startPayment({
        OTEL_EXPORTER_OTLP_PROTOCOL: row.protocol,
        OTEL_EXPORTER_OTLP_ENDPOINT: row.protocol === 'grpc' ? sink.grpcUrl : sink.httpUrl,
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_METRIC_EXPORT_INTERVAL: '60000',
      });
      assert.equal((await charge(payment.url, `proto-${row.transport}`)).status, 200);
      const { code, ms } = await payment.stop('SIGTERM');
      assert.equal(code, 0, payment.stderr());
      assert.ok(ms < 5000, `stopped in ${ms} ms`);
      // Shutdown flushed every signal, even the metrics whose interval had not come yet.
      for (const signal of ['traces', 'metrics', 'logs'] as const) {
        const got = since(mark).filter((entry) => entry.signal === signal);
        assert.ok(got.length > 0, `no ${signal} export over ${row.protocol}`);
        for (const entry of got) {
          assert.equal(entry.transport, row.transport);
          assert.ok(entry.contentType.startsWith(row.contentType), entry.contentType);
          assert.ok(entry.bytes > 0);
        }
      }
    });
  }
});

describe('two services, one trace', () => {
  test('an order exports spans and logs from demo-app and payment-service under one trace id', async () => {
    const mark = sink.received.length;
    const otlp = {
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.httpUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    };
    const payment = await startPayment(otlp);
    const demo = await startServiceProcess({
      script: DEMO_MAIN,
      env: baseEnv({
        ...otlp,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'demo-app-')),
        PAYMENT_SERVICE_URL: payment.url,
      }),
    });
    const response = await fetch(`${demo.url}/api/orders`, { method: 'POST' });
    assert.equal(response.status, 201);
    const { order_id: orderId } = (await response.json()) as { order_id: string };
    await fetch(`${demo.url}/health`);
    await fetch(`${demo.url}/metrics`);
    assert.equal((await demo.stop()).code, 0, demo.stderr());
    assert.equal((await payment.stop()).code, 0, payment.stderr());

    const spans = spansOf(since(mark));
    const root = spans.find(
      (span) => span.name === 'process_order' && span.attributes['order.id'] === orderId,
    );
    assert.ok(root, 'process_order span exported');
    const trace = spans.filter((span) => span.traceId === root.traceId);
    assert.deepEqual(trace.map((span) => `${span.service}:${span.name}`).sort(), [
      'demo-app:POST',
      'demo-app:POST /api/orders',
      'demo-app:process_order',
      'demo-app:process_payment',
      'demo-app:update_inventory',
      'demo-app:validate_order',
      'payment-service:POST /api/charge',
      'payment-service:charge',
    ]);
    const ids = new Set(trace.map((span) => span.spanId));
    const roots = trace.filter((span) => !ids.has(span.parentSpanId));
    assert.deepEqual(
      roots.map((span) => span.name),
      ['POST /api/orders'],
    );
    const client = trace.find((span) => span.name === 'POST');
    const server = trace.find((span) => span.name === 'POST /api/charge');
    assert.equal(server?.parentSpanId, client?.spanId);
    assert.equal(
      spans.some((span) =>
        /\/(health|metrics)/.test(String(span.attributes['url.path'] ?? span.name)),
      ),
      false,
      '/health and /metrics make no spans',
    );

    const logs = logsOf(since(mark)).filter((log) => log.traceId === root.traceId);
    assert.deepEqual(logs.map((log) => `${log.service}:${log.body}`).sort(), [
      'demo-app:order created',
      'payment-service:charge approved',
    ]);

    for (const resource of resourcesOf(since(mark))) {
      assert.ok(['demo-app', 'payment-service'].includes(String(resource['service.name'])));
      assert.equal(resource['service.version'], '0.1.0');
      assert.match(String(resource['service.instance.id']), /^[0-9a-f-]{36}$/);
      assert.equal(resource['deployment.environment.name'], 'development');
      for (const key of ['host.name', 'os.type', 'process.pid', 'telemetry.sdk.language']) {
        assert.ok(resource[key] !== undefined, `resource has ${key}`);
      }
      assert.deepEqual(
        Object.keys(resource).filter((key) => key.startsWith('cloud.')),
        [],
      );
    }
  });
});

describe('standard OTEL_* variables', () => {
  const otlp = () => ({
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.httpUrl,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  });

  test('OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the defaults', async () => {
    const mark = sink.received.length;
    const payment = await startPayment({
      ...otlp(),
      OTEL_SERVICE_NAME: 'payments-eu',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,team=lab',
    });
    await charge(payment.url, 'env-override');
    await payment.stop();
    const resources = resourcesOf(since(mark));
    assert.ok(resources.length > 0);
    for (const resource of resources) {
      assert.equal(resource['service.name'], 'payments-eu');
      assert.equal(resource['deployment.environment.name'], 'staging');
      assert.equal(resource.team, 'lab');
    }
  });

  const samplers = [
    { name: 'always_off', env: { OTEL_TRACES_SAMPLER: 'always_off' }, spans: 0 },
    {
      name: 'traceidratio 0',
      env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' },
      spans: 0,
    },
    {
      name: 'traceidratio 1',
      env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1' },
      spans: 2,
    },
  ];
  for (const row of samplers) {
    test(`OTEL_TRACES_SAMPLER ${row.name} keeps ${row.spans} spans of a charge`, async () => {
      const mark = sink.received.length;
      const payment = await startPayment({ ...otlp(), ...row.env });
      assert.equal((await charge(payment.url, 'sampled')).status, 200);
      await payment.stop();
      assert.equal(spansOf(since(mark)).length, row.spans);
      assert.ok(logsOf(since(mark)).length > 0, 'logs are exported whatever the sampler');
    });
  }

  test('OTEL_SDK_DISABLED=true: the service serves and exports nothing', async () => {
    const mark = sink.received.length;
    const payment = await startPayment({
      ...otlp(),
      OTEL_SDK_DISABLED: 'true',
      OTEL_METRICS_EXPORTER: 'otlp',
    });
    assert.equal((await charge(payment.url, 'disabled')).status, 200);
    const metrics = await (await fetch(`${payment.url}/metrics`)).text();
    assert.match(metrics, /OTEL_SDK_DISABLED/);
    assert.equal((await payment.stop()).code, 0);
    assert.deepEqual(since(mark), []);
  });
});

describe('without a backend', () => {
  test('the service keeps serving and logs one warning, not a stream of errors', async () => {
    const closed = await freePort();
    const payment = await startPayment({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}`,
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_METRIC_EXPORT_INTERVAL: '100',
      // Failures surface once an export gives up retrying; keep that short for the test.
      OTEL_EXPORTER_OTLP_TIMEOUT: '300',
    });
    for (let round = 0; round < 10; round += 1) {
      assert.equal((await charge(payment.url, `offline-${round}`)).status, 200);
      await sleep(150);
    }
    const { code, ms } = await payment.stop();
    assert.equal(code, 0);
    // Exports were known to fail, so the stop does not wait out the exporters' retries.
    assert.ok(ms < 2500, `stopped in ${ms} ms`);
    const output = payment.stdout() + payment.stderr();
    const warnings = output.split('\n').filter((line) => line.includes('telemetry error'));
    assert.equal(warnings.length, 1, output);
    assert.match(warnings[0] ?? '', new RegExp(`127\\.0\\.0\\.1:${closed}`));
    assert.doesNotMatch(output, /\n\s+at /, 'no stack traces');
  });
});

describe('SIGTERM', () => {
  test('stops accepting, finishes the request in flight, flushes and exits', async () => {
    const mark = sink.received.length;
    const payment = await startPayment({
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.httpUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // A slow charge takes at least 500 ms: long enough to stop the service in the middle of it.
      LATENCY_SCALE: '1',
      SLOW_PAYMENT_RATE: '1',
      OTEL_BSP_SCHEDULE_DELAY: '60000',
    });
    const inFlight = charge(payment.url, 'in-flight');
    await sleep(200);
    const stopped = payment.stop('SIGTERM');
    await sleep(100);
    await assert.rejects(fetch(`${payment.url}/health`), 'new connections are refused');
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { slow: boolean }).slow, true);
    const { code, ms } = await stopped;
    assert.equal(code, 0);
    assert.ok(ms < 5000, `stopped in ${ms} ms`);
    const chargeSpan = spansOf(since(mark)).find((span) => span.name === 'charge');
    assert.equal(
      chargeSpan?.attributes['payment.order_id'],
      'in-flight',
      'the batch was flushed on exit',
    );
  });
});
