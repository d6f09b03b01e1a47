// biome-ignore-all assist/source/organizeImports: telemetry must start before the app modules load.
import {
  flushTelemetry,
  logExporter,
  spanExporter,
  telemetry,
} from './test-support/in-memory-telemetry.js';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createLatency, createLogger } from '@otel-lab/service-kit';
import {
  call,
  describeTree,
  freePort,
  type OtlpSink,
  postJson,
  type ServiceProcess,
  spansOf,
  startOtlpSink,
  startServiceProcess,
} from '@otel-lab/testkit';
import { createDemoApp } from './app.js';
import { createAppMetrics } from './metrics.js';
import { createOrderService } from './orders.js';
import { createPaymentClient } from './payment-client.js';
import { openShopStore, type ShopStore } from './store.js';

const PAYMENT_MAIN = join(__dirname, '..', '..', 'payment-service', 'dist', 'main.js');
const kindName = (kind: number) => SpanKind[kind] ?? String(kind);

let sink: OtlpSink;
const payments: ServiceProcess[] = [];
const servers: Server[] = [];
const logLines: string[] = [];

async function startPayment(extraEnv: NodeJS.ProcessEnv = {}): Promise<ServiceProcess> {
  const payment = await startServiceProcess({
    script: PAYMENT_MAIN,
    env: {
      ...process.env,
      LATENCY_SCALE: '0',
      SLOW_PAYMENT_RATE: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.httpUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '50',
      ...extraEnv,
    },
  });
  payments.push(payment);
  return payment;
}

/** demo-app in this process, with an in-memory shop, calling the payment service at `paymentUrl`. */
async function startDemoApp(paymentUrl: string): Promise<{ url: string; store: ShopStore }> {
  const store = openShopStore(':memory:');
  const tracer = trace.getTracer('demo-app');
  const latency = createLatency(0);
  const logger = createLogger('demo-app', {
    write: (line: string) => {
      logLines.push(line);
    },
  });
  const app = createDemoApp({
    store,
    orders: createOrderService({
      store,
      payments: createPaymentClient(new URL(paymentUrl)),
      latency,
      tracer,
      logger,
    }),
    metrics: createAppMetrics(),
    latency,
    tracer,
    logger,
    serveMetrics: telemetry.serveMetrics,
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, store };
}

const byName = (spans: ReadableSpan[], name: string) => {
  const span = spans.find((candidate) => candidate.name === name);
  assert.ok(span, `no span named ${name} among ${spans.map((s) => s.name).join(', ')}`);
  return span;
};

let demo: { url: string; store: ShopStore };

async function finishedSpans() {
  await flushTelemetry();
  return spanExporter.getFinishedSpans();
}

async function finishedLogs() {
  await flushTelemetry();
  return logExporter.getFinishedLogRecords();
}

before(async () => {
  sink = await startOtlpSink();
  const payment = await startPayment();
  demo = await startDemoApp(payment.url);
});

after(async () => {
  for (const server of servers) server.close();
  await Promise.all(payments.map((payment) => payment.stop()));
  await telemetry.shutdown();
  await sink.close();
});

beforeEach(() => {
  spanExporter.reset();
  logExporter.reset();
});

describe('POST /api/orders', () => {
  test('with no body, orders one in-stock product and makes the lab span tree', async () => {
    const before = demo.store.listProducts();
    const response = await call(demo.url, 'POST', '/api/orders');
    assert.equal(response.status, 201);
    assert.match(response.json.order_id, /^order-[0-9a-f]{10}$/);
    assert.equal(response.json.status, 'created');
    assert.equal(response.json.items.length, 1);
    assert.equal(response.json.items[0].quantity, 1);
    const ordered = response.json.items[0].product_id;
    const stockBefore = before.find((p) => p.id === ordered)?.stock ?? 0;
    assert.equal(demo.store.getProduct(ordered)?.stock, stockBefore - 1);

    const spans = await finishedSpans();
    assert.deepEqual(describeTree(spans, kindName), [
      'POST /api/orders (SERVER)',
      '  process_order (INTERNAL)',
      '    validate_order (INTERNAL)',
      '    process_payment (INTERNAL)',
      '      POST (CLIENT)',
      '    update_inventory (INTERNAL)',
    ]);
    assert.equal(new Set(spans.map((span) => span.spanContext().traceId)).size, 1);
    assert.equal(byName(spans, 'POST /api/orders').attributes['http.route'], '/api/orders');
    assert.equal(byName(spans, 'process_order').attributes['order.id'], response.json.order_id);
    const payment = byName(spans, 'process_payment');
    assert.equal(typeof payment.attributes['payment.duration_ms'], 'number');
    assert.equal(payment.attributes['payment.slow'], false);
    for (const span of spans) assert.equal(span.status.code, SpanStatusCode.UNSET, span.name);
  });

  test('propagates the trace to payment-service: its server span is the client span’s child', async () => {
    const response = await call(demo.url, 'POST', '/api/orders');
    assert.equal(response.status, 201);
    const client = byName(await finishedSpans(), 'POST');
    const { traceId, spanId } = client.spanContext();
    await sink.waitFor((received) =>
      spansOf(received).some((span) => span.traceId === traceId && span.name === 'charge'),
    );
    const remote = spansOf(sink.received).filter((span) => span.traceId === traceId);
    const server = remote.find((span) => span.name === 'POST /api/charge');
    const charge = remote.find((span) => span.name === 'charge');
    assert.ok(server && charge, `payment spans: ${remote.map((span) => span.name).join(', ')}`);
    assert.equal(server.service, 'payment-service');
    assert.equal(server.kind, 2);
    assert.equal(server.parentSpanId, spanId);
    assert.equal(charge.parentSpanId, server.spanId);
    assert.equal(charge.attributes['payment.order_id'], response.json.order_id);
  });

  test('logs the order with the trace and span of process_order, in JSON and as OTLP', async () => {
    logLines.length = 0;
    const response = await call(demo.url, 'POST', '/api/orders');
    const processOrder = byName(await finishedSpans(), 'process_order');
    const { traceId, spanId } = processOrder.spanContext();

    const line = logLines
      .map((text) => JSON.parse(text))
      .find((entry) => entry.msg === 'order created');
    assert.ok(line, 'no "order created" line in the JSON log');
    assert.equal(line.trace_id, traceId);
    assert.equal(line.span_id, spanId);
    assert.equal(line['order.id'], response.json.order_id);

    const record = (await finishedLogs()).find((log) => log.body === 'order created');
    assert.ok(record, 'no "order created" OTLP log record');
    assert.equal(record.spanContext?.traceId, traceId);
    assert.equal(record.spanContext?.spanId, spanId);
  });

  test('an order with items takes their stock and can be read back', async () => {
    const response = await postJson(demo.url, '/api/orders', {
      items: [
        { productId: 1, quantity: 2 },
        { productId: 3, quantity: 1 },
      ],
    });
    assert.equal(response.status, 201);
    assert.equal(response.json.total, 2 * 29.99 + 49.99);
    assert.equal(response.headers.location, `/api/orders/${response.json.order_id}`);

    const read = await call(demo.url, 'GET', `/api/orders/${response.json.order_id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.json.items, [
      { product_id: 1, name: 'Widget A', quantity: 2, price: 29.99 },
      { product_id: 3, name: 'Widget C', quantity: 1, price: 49.99 },
    ]);
    assert.equal(byName(await finishedSpans(), 'GET /api/orders/:id').kind, SpanKind.SERVER);
  });
});

describe('bad input gets a 4xx naming the problem', () => {
  const json = { 'content-type': 'application/json' };
  const cases: {
    name: string;
    method?: string;
    path?: string;
    body?: string;
    headers?: Record<string, string>;
    status: number;
    error: RegExp;
  }[] = [
    {
      name: 'malformed JSON',
      body: '{"items": [',
      headers: json,
      status: 400,
      error: /malformed JSON/,
    },
    {
      name: 'wrong type',
      body: '{"items":[{"productId":"1","quantity":1}]}',
      headers: json,
      status: 400,
      error: /items\.0\.productId/,
    },
    { name: 'no items', body: '{"items":[]}', headers: json, status: 400, error: /items/ },
    { name: 'not an object', body: '[1,2]', headers: json, status: 400, error: /invalid order/ },
    {
      name: 'unknown field',
      body: '{"items":[{"productId":1,"quantity":1}],"coupon":"x"}',
      headers: json,
      status: 400,
      error: /coupon/,
    },
    {
      name: 'negative quantity',
      body: '{"items":[{"productId":1,"quantity":-2}]}',
      headers: json,
      status: 400,
      error: /quantity/,
    },
    {
      name: 'excessive quantity',
      body: '{"items":[{"productId":1,"quantity":1001}]}',
      headers: json,
      status: 400,
      error: /quantity/,
    },
    {
      name: 'product listed twice',
      body: '{"items":[{"productId":1,"quantity":1},{"productId":1,"quantity":1}]}',
      headers: json,
      status: 400,
      error: /listed twice/,
    },
    {
      name: 'unknown product',
      body: '{"items":[{"productId":99,"quantity":1}]}',
      headers: json,
      status: 422,
      error: /unknown product 99/,
    },
    {
      name: 'body over 16 KiB',
      body: JSON.stringify({ items: [{ productId: 1, quantity: 1 }], pad: 'x'.repeat(17_000) }),
      headers: json,
      status: 413,
      error: /larger than the limit/,
    },
    {
      name: 'not JSON',
      body: 'items=1',
      headers: { 'content-type': 'text/plain' },
      status: 415,
      error: /application\/json/,
    },
    {
      name: 'bad %-escape in the order id',
      method: 'GET',
      path: '/api/orders/order-%ZZ',
      status: 400,
      error: /URI|decode/,
    },
    {
      name: 'corrupt gzip body',
      body: 'not gzip',
      headers: { ...json, 'content-encoding': 'gzip' },
      status: 400,
      error: /./,
    },
    {
      name: 'order id of the wrong shape',
      method: 'GET',
      path: '/api/orders/42',
      status: 400,
      error: /invalid order id/,
    },
    {
      name: 'unknown order',
      method: 'GET',
      path: '/api/orders/order-ffffffffff',
      status: 404,
      error: /no order/,
    },
    { name: 'unknown route', method: 'GET', path: '/api/nothing', status: 404, error: /no route/ },
  ];
  for (const row of cases) {
    test(row.name, async () => {
      const response = await call(demo.url, row.method ?? 'POST', row.path ?? '/api/orders', row);
      assert.equal(response.status, row.status, response.text);
      assert.match(response.json.error, row.error);
    });
  }

  test('orders racing for the last unit: one is placed, the others get 409 before any payment', async () => {
    demo.store.setStock(2, 1);
    const order = { items: [{ productId: 2, quantity: 1 }] };
    const responses = await Promise.all(
      [1, 2, 3].map(() => postJson(demo.url, '/api/orders', order)),
    );
    assert.deepEqual(responses.map((response) => response.status).sort(), [201, 409, 409]);
    assert.equal(demo.store.getProduct(2)?.stock, 0);
    const payments = (await finishedSpans()).filter((span) => span.name === 'process_payment');
    assert.equal(payments.length, 1, 'only the placed order was charged');
  });

  test('more than is in stock is refused with 409 and takes nothing', async () => {
    demo.store.setStock(2, 3);
    const response = await postJson(demo.url, '/api/orders', {
      items: [{ productId: 2, quantity: 5 }],
    });
    assert.equal(response.status, 409);
    assert.match(response.json.error, /product 2 has 3 in stock, 5 requested/);
    assert.equal(demo.store.getProduct(2)?.stock, 3);
  });
});

describe('payment failures', () => {
  const rows = [
    {
      name: 'declined',
      env: { PAYMENT_DECLINE_RATE: '1' },
      status: 402,
      error: /declined/,
      pinoLevel: 40,
      severity: 'warn',
    },
    {
      name: 'processor failure',
      env: { PAYMENT_FAILURE_RATE: '1' },
      status: 502,
      error: /503/,
      pinoLevel: 50,
      severity: 'error',
    },
  ];
  for (const row of rows) {
    test(`a ${row.name} payment returns ${row.status} and marks the spans ERROR`, async () => {
      const payment = await startPayment(row.env);
      const app = await startDemoApp(payment.url);
      logLines.length = 0;
      const response = await call(app.url, 'POST', '/api/orders');
      assert.equal(response.status, row.status);
      assert.match(response.json.error, row.error);
      const spans = await finishedSpans();
      for (const name of ['process_payment', 'process_order']) {
        const span = byName(spans, name);
        assert.equal(span.status.code, SpanStatusCode.ERROR, name);
        assert.ok(
          span.events.some((event) => event.name === 'exception'),
          `${name} records the exception`,
        );
      }
      assert.equal(
        spans.some((span) => span.name === 'update_inventory'),
        false,
      );

      // The failure is logged at its level in the order's trace, as the original lab logs it.
      const { traceId } = byName(spans, 'process_order').spanContext();
      const line = logLines
        .map((text) => JSON.parse(text))
        .find((entry) => String(entry.msg).startsWith('order creation failed: '));
      assert.ok(line, `no "order creation failed" line: ${logLines.join('')}`);
      assert.match(line.msg, row.error);
      assert.equal(line.level, row.pinoLevel);
      assert.equal(line.trace_id, traceId);
      assert.equal(line['http.response.status_code'], row.status);
      const record = (await finishedLogs()).find((log) => log.body === line.msg);
      assert.equal(record?.severityText, row.severity);
    });
  }

  test('an unreachable payment service gives 502, not a crash', async () => {
    const app = await startDemoApp(`http://127.0.0.1:${await freePort()}`);
    const response = await call(app.url, 'POST', '/api/orders');
    assert.equal(response.status, 502);
    assert.match(response.json.error, /unreachable/);
  });
});

describe('GET /api/products', () => {
  test('lists the three widgets with the list_products and db_query spans', async () => {
    const response = await call(demo.url, 'GET', '/api/products');
    assert.equal(response.status, 200);
    assert.deepEqual(
      response.json.map((p: { name: string; price: number }) => [p.name, p.price]),
      [
        ['Widget A', 29.99],
        ['Widget B', 39.99],
        ['Widget C', 49.99],
      ],
    );
    const spans = await finishedSpans();
    assert.deepEqual(describeTree(spans, kindName), [
      'GET /api/products (SERVER)',
      '  list_products (INTERNAL)',
      '    db_query (INTERNAL)',
    ]);
    assert.equal(byName(spans, 'list_products').attributes['products.count'], 3);
    const query = byName(spans, 'db_query').attributes;
    assert.equal(query['db.system'], 'sqlite');
    assert.equal(query['db.operation'], 'SELECT');
    assert.equal(query['db.system.name'], 'sqlite');
    assert.equal(query['db.collection.name'], 'products');
    assert.match(String(query['db.query.text']), /^SELECT .* FROM products/);
  });
});

describe('/metrics and /health', () => {
  test('make no spans', async () => {
    assert.equal((await call(demo.url, 'GET', '/health')).status, 200);
    assert.equal((await call(demo.url, 'GET', '/metrics')).status, 200);
    assert.deepEqual(await finishedSpans(), []);
  });

  test('/metrics exposes the lab metrics under their exact names', async () => {
    const app = await startDemoApp(payments[0]?.url ?? '');
    await call(app.url, 'POST', '/api/orders');
    await call(app.url, 'GET', '/api/products');
    await postJson(app.url, '/api/orders', { items: [{ productId: 99, quantity: 1 }] });
    const text = (await call(app.url, 'GET', '/metrics')).text;
    const names = new Set(
      text
        .split('\n')
        .filter((line) => line.startsWith('app_'))
        .map((line) => line.slice(0, line.search(/[{ ]/))),
    );
    assert.deepEqual([...names].sort(), [
      'app_active_requests',
      'app_request_duration_seconds_bucket',
      'app_request_duration_seconds_count',
      'app_request_duration_seconds_sum',
      'app_requests_total',
    ]);
    // Counters are cumulative across this file's apps, so compare shapes, not totals.
    assert.match(
      text,
      /^app_requests_total\{endpoint="\/api\/orders",status="success"[^}]*\} \d+$/m,
    );
    assert.match(text, /^app_requests_total\{endpoint="\/api\/orders",status="error"[^}]*\} \d+$/m);
    assert.match(
      text,
      /^app_requests_total\{endpoint="\/api\/products",status="success"[^}]*\} \d+$/m,
    );
    assert.match(
      text,
      /^app_request_duration_seconds_bucket\{endpoint="\/api\/orders",[^}]*le="\+Inf"\} \d+$/m,
    );
    assert.match(text, /^app_active_requests\{endpoint="\/api\/orders"[^}]*\} 0$/m);
    assert.match(text, /^# TYPE app_request_duration_seconds histogram$/m);
  });
});
