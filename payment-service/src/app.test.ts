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
import { after, before, beforeEach, describe, test } from 'node:test';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createLatency, createLogger } from '@otel-lab/service-kit';
import { call, describeTree, postJson } from '@otel-lab/testkit';
import { createPaymentApp } from './app.js';
import { createChargeHandler, MAX_AMOUNT } from './charge.js';
import { createPaymentMetrics } from './metrics.js';
import type { PaymentSettings } from './settings.js';

const kindName = (kind: number) => SpanKind[kind] ?? String(kind);

/**
 * The charge handler draws three numbers per charge, in this order: slow?, failed?, declined?
 * Each is compared with its rate (0.1 here), so 0.05 says yes and 0.5 says no. Tests script the
 * draws; with nothing scripted every draw is 0.5: a fast, approved charge.
 */
const settings: PaymentSettings = {
  port: 0,
  latencyScale: 0,
  slowPaymentRate: 0.1,
  failureRate: 0.1,
  declineRate: 0.1,
};
const YES = 0.05;
const NO = 0.5;
let draws: number[] = [];
let drawsTaken = 0;
const random = () => {
  drawsTaken += 1;
  return draws.shift() ?? NO;
};

const logLines: string[] = [];
let server: Server;
let url: string;

before(async () => {
  const logger = createLogger('payment-service', {
    write: (line: string) => {
      logLines.push(line);
    },
  });
  const app = createPaymentApp({
    charge: createChargeHandler({
      settings,
      latency: createLatency(0),
      tracer: trace.getTracer('payment-service'),
      logger,
      random,
    }),
    metrics: createPaymentMetrics(),
    logger,
    serveMetrics: telemetry.serveMetrics,
  });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.close();
  await telemetry.shutdown();
});

beforeEach(async () => {
  await flushTelemetry();
  spanExporter.reset();
  logExporter.reset();
  logLines.length = 0;
  draws = [];
  drawsTaken = 0;
});

/** The spans finished so far, once the exports still in flight have landed. */
const finishedSpans = async () => {
  await flushTelemetry();
  return spanExporter.getFinishedSpans();
};

const byName = (spans: ReadableSpan[], name: string) => {
  const span = spans.find((candidate) => candidate.name === name);
  assert.ok(span, `no span named ${name} among ${spans.map((s) => s.name).join(', ')}`);
  return span;
};

const charge = (body: unknown = { orderId: 'order-0123456789', amount: 29.99 }) =>
  postJson(url, '/api/charge', body);

describe('POST /api/charge', () => {
  test('a valid charge is approved and makes the server span with one charge child', async () => {
    const response = await charge({ orderId: 'order-0123456789', amount: 29.99 });
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(Object.keys(response.json).sort(), ['paymentId', 'slow', 'status']);
    assert.match(response.json.paymentId, /^pay-[0-9a-f]{12}$/);
    assert.equal(response.json.status, 'approved');
    assert.equal(response.json.slow, false);
    assert.equal(drawsTaken, 3, 'one draw each for slow, failure and decline');

    const spans = await finishedSpans();
    assert.deepEqual(describeTree(spans, kindName), [
      'POST /api/charge (SERVER)',
      '  charge (INTERNAL)',
    ]);
    assert.equal(new Set(spans.map((span) => span.spanContext().traceId)).size, 1);
    assert.equal(byName(spans, 'POST /api/charge').attributes['http.route'], '/api/charge');
    const chargeSpan = byName(spans, 'charge');
    assert.deepEqual(chargeSpan.attributes, {
      'payment.id': response.json.paymentId,
      'payment.order_id': 'order-0123456789',
      'payment.amount': 29.99,
      'payment.currency': 'USD',
      'payment.slow': false,
      'payment.status': 'approved',
    });
    for (const span of spans) assert.equal(span.status.code, SpanStatusCode.UNSET, span.name);
  });

  test('an explicit USD currency is accepted and recorded', async () => {
    const response = await charge({ orderId: 'o_1', amount: MAX_AMOUNT, currency: 'USD' });
    assert.equal(response.status, 200, response.text);
    const chargeSpan = byName(await finishedSpans(), 'charge');
    assert.equal(chargeSpan.attributes['payment.currency'], 'USD');
    assert.equal(chargeSpan.attributes['payment.amount'], MAX_AMOUNT);
  });

  test('a slow charge is still approved and marks payment.slow', async () => {
    draws = [YES];
    const response = await charge();
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.slow, true);
    const chargeSpan = byName(await finishedSpans(), 'charge');
    assert.equal(chargeSpan.attributes['payment.slow'], true);
    assert.equal(chargeSpan.attributes['payment.status'], 'approved');
    assert.equal(chargeSpan.status.code, SpanStatusCode.UNSET);
  });

  test('a draw equal to the rate is not slow: rates are "less than"', async () => {
    draws = [settings.slowPaymentRate];
    const response = await charge();
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.slow, false);
  });

  const failures = [
    {
      name: 'a processor failure',
      draws: [NO, YES],
      status: 503,
      error: /payment processor unavailable/,
      paymentStatus: 'failed',
      log: { level: 'error', pinoLevel: 50, msg: 'charge failed: payment processor unavailable' },
    },
    {
      name: 'a declined card',
      draws: [NO, NO, YES],
      status: 402,
      error: /card declined for order order-0123456789/,
      paymentStatus: 'declined',
      log: { level: 'warn', pinoLevel: 40, msg: 'charge declined' },
    },
  ];
  for (const row of failures) {
    test(`${row.name} returns ${row.status} and marks the charge span ERROR`, async () => {
      draws = [...row.draws];
      const response = await charge();
      assert.equal(response.status, row.status, response.text);
      assert.match(response.json.error, row.error);
      assert.equal(draws.length, 0, 'every scripted draw was used');

      const spans = await finishedSpans();
      assert.deepEqual(describeTree(spans, kindName), [
        'POST /api/charge (SERVER)',
        '  charge (INTERNAL)',
      ]);
      const chargeSpan = byName(spans, 'charge');
      assert.equal(chargeSpan.status.code, SpanStatusCode.ERROR);
      assert.match(chargeSpan.status.message ?? '', row.error);
      assert.equal(chargeSpan.attributes['payment.status'], row.paymentStatus);
      const exception = chargeSpan.events.find((event) => event.name === 'exception');
      assert.ok(exception, 'the charge span records the exception');
      assert.match(String(exception.attributes?.['exception.message']), row.error);
      assert.equal(
        logLines.some((line) => JSON.parse(line).msg === 'charge approved'),
        false,
        'no "charge approved" log for a charge that was not approved',
      );

      // One line at its level, in the charge span's trace, exported as an OTLP record too.
      const line = logLines.map((text) => JSON.parse(text)).find((e) => e.msg === row.log.msg);
      assert.ok(line, `no "${row.log.msg}" line in the JSON log: ${logLines.join('')}`);
      assert.equal(line.level, row.log.pinoLevel);
      assert.equal(line.trace_id, chargeSpan.spanContext().traceId);
      assert.equal(line['payment.order_id'], 'order-0123456789');
      await flushTelemetry();
      const record = logExporter.getFinishedLogRecords().find((r) => r.body === row.log.msg);
      assert.equal(record?.severityText, row.log.level);
      assert.equal(record?.spanContext?.traceId, chargeSpan.spanContext().traceId);
    });
  }

  test('logs "charge approved" with the trace and span of the charge span', async () => {
    const response = await charge({ orderId: 'order-log', amount: 5 });
    assert.equal(response.status, 200, response.text);
    const { traceId, spanId } = byName(await finishedSpans(), 'charge').spanContext();

    const line = logLines
      .map((text) => JSON.parse(text))
      .find((entry) => entry.msg === 'charge approved');
    assert.ok(line, `no "charge approved" line in the JSON log: ${logLines.join('')}`);
    assert.equal(line.trace_id, traceId);
    assert.equal(line.span_id, spanId);
    assert.equal(line.name, 'payment-service');
    assert.equal(line['payment.id'], response.json.paymentId);
    assert.equal(line['payment.order_id'], 'order-log');

    await flushTelemetry();
    const record = logExporter
      .getFinishedLogRecords()
      .find((log) => log.body === 'charge approved');
    assert.ok(record, 'no "charge approved" OTLP log record');
    assert.equal(record.spanContext?.traceId, traceId);
    assert.equal(record.spanContext?.spanId, spanId);
  });
});

describe('bad input gets a 4xx naming the problem, and no charge', () => {
  const json = { 'content-type': 'application/json' };
  const jsonOf = (value: unknown) => ({ body: JSON.stringify(value), headers: json });
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
      body: '{"orderId": "o-1",',
      headers: json,
      status: 400,
      error: /malformed JSON/,
    },
    { name: 'missing body', status: 400, error: /a JSON body is required/ },
    { name: 'empty object', ...jsonOf({}), status: 400, error: /orderId: .*; amount: / },
    {
      name: 'not an object',
      ...jsonOf([1, 2]),
      status: 400,
      error: /invalid charge: .*expected object/,
    },
    {
      name: 'orderId not a string',
      ...jsonOf({ orderId: 42, amount: 1 }),
      status: 400,
      error: /orderId: .*string/,
    },
    {
      name: 'amount not a number',
      ...jsonOf({ orderId: 'o-1', amount: '10' }),
      status: 400,
      error: /amount: .*number/,
    },
    {
      name: 'negative amount',
      ...jsonOf({ orderId: 'o-1', amount: -5 }),
      status: 400,
      error: /amount: Too small: expected number to be >0/,
    },
    {
      name: 'zero amount',
      ...jsonOf({ orderId: 'o-1', amount: 0 }),
      status: 400,
      error: /amount: Too small: expected number to be >0/,
    },
    {
      name: 'amount over the maximum',
      ...jsonOf({ orderId: 'o-1', amount: MAX_AMOUNT + 0.01 }),
      status: 400,
      error: /amount: Too big: expected number to be <=1000000/,
    },
    {
      name: 'empty orderId',
      ...jsonOf({ orderId: '', amount: 1 }),
      status: 400,
      error: /orderId: Too small/,
    },
    {
      name: 'orderId with a slash',
      ...jsonOf({ orderId: '../etc', amount: 1 }),
      status: 400,
      error: /orderId: letters, digits, _ and - only/,
    },
    {
      name: 'orderId with a space',
      ...jsonOf({ orderId: 'order 1', amount: 1 }),
      status: 400,
      error: /orderId: letters, digits, _ and - only/,
    },
    {
      name: 'orderId too long',
      ...jsonOf({ orderId: 'o'.repeat(65), amount: 1 }),
      status: 400,
      error: /orderId: Too big/,
    },
    {
      name: 'unknown field',
      ...jsonOf({ orderId: 'o-1', amount: 1, tip: 5 }),
      status: 400,
      error: /Unrecognized key: "tip"/,
    },
    {
      name: 'currency other than USD',
      ...jsonOf({ orderId: 'o-1', amount: 1, currency: 'EUR' }),
      status: 400,
      error: /currency: .*"USD"/,
    },
    {
      name: 'body over 16 KiB',
      ...jsonOf({ orderId: 'o-1', amount: 1, pad: 'x'.repeat(17_000) }),
      status: 413,
      error: /larger than the limit of 16384 bytes/,
    },
    {
      name: 'text/plain body',
      body: 'orderId=o-1&amount=1',
      headers: { 'content-type': 'text/plain' },
      status: 415,
      error: /content-type must be application\/json, got text\/plain/,
    },
    {
      name: 'unknown route',
      method: 'GET',
      path: '/api/refund',
      status: 404,
      error: /no route for GET \/api\/refund/,
    },
    {
      name: 'GET on the charge route',
      method: 'GET',
      path: '/api/charge',
      status: 404,
      error: /no route for GET \/api\/charge/,
    },
  ];
  for (const row of cases) {
    test(row.name, async () => {
      const response = await call(url, row.method ?? 'POST', row.path ?? '/api/charge', row);
      assert.equal(response.status, row.status, response.text);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      assert.match(response.json.error, row.error);
      assert.equal(drawsTaken, 0, 'the charge handler never ran');
      assert.equal(
        (await finishedSpans()).some((span) => span.name === 'charge'),
        false,
      );
    });
  }
});

describe('/metrics and /health', () => {
  test('make no spans', async () => {
    const health = await call(url, 'GET', '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.json, { status: 'healthy' });
    assert.equal((await call(url, 'GET', '/metrics')).status, 200);
    assert.deepEqual(await finishedSpans(), []);
  });

  test('/metrics counts charges by outcome and times them', async () => {
    const count = (text: string, outcome: string) => {
      const match = text.match(
        new RegExp(`^payment_charges_total\\{outcome="${outcome}"[^}]*\\} (\\d+)$`, 'm'),
      );
      return match ? Number(match[1]) : 0;
    };
    const before = (await call(url, 'GET', '/metrics')).text;

    assert.equal((await charge()).status, 200);
    assert.equal((await charge()).status, 200);
    draws = [NO, NO, YES];
    assert.equal((await charge()).status, 402);
    draws = [NO, YES];
    assert.equal((await charge()).status, 503);
    assert.equal((await charge({ orderId: 'o-1', amount: -1 })).status, 400);

    const text = (await call(url, 'GET', '/metrics')).text;
    assert.match(text, /^# TYPE payment_charges_total counter$/m);
    assert.match(text, /^# TYPE payment_charge_duration_seconds histogram$/m);
    for (const [outcome, added] of [
      ['approved', 2],
      ['declined', 1],
      ['failed', 1],
      ['rejected', 1],
    ] as const) {
      assert.equal(count(text, outcome) - count(before, outcome), added, outcome);
      assert.match(
        text,
        new RegExp(
          `^payment_charge_duration_seconds_bucket\\{outcome="${outcome}",[^}]*le="\\+Inf"\\} \\d+$`,
          'm',
        ),
      );
    }
    assert.match(text, /^payment_charge_duration_seconds_bucket\{[^}]*le="0.005"\} \d+$/m);
  });
});
