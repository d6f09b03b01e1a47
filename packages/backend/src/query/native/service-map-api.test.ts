import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeTracesJson } from '@otel-lab/otlp';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createServiceMapHandler } from './service-map-api.js';

const NOW = 1_800_000_000_000;
const MS = 1_000_000n;
let store: TelemetryStore;
let base = '';
let server: HandlerServer | undefined;

const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');

/** `count` orders: shop (SERVER → internal → CLIENT) calls payments (SERVER, `durations` ms). */
function orders(durations: number[], failed: number[]) {
  const resource = (service: string) => ({
    attributes: [{ key: 'service.name', value: { stringValue: service } }],
  });
  const shop: object[] = [];
  const payments: object[] = [];
  durations.forEach((ms, n) => {
    const traceId = hex(n + 1, 32);
    const start = BigInt(NOW - 60_000 + n * 1000) * MS;
    const span = (id: number, parent: number | undefined, name: string, length: number) => ({
      traceId,
      spanId: hex(n * 10 + id, 16),
      ...(parent ? { parentSpanId: hex(n * 10 + parent, 16) } : {}),
      name,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + BigInt(length) * MS),
    });
    shop.push(span(1, undefined, 'POST /api/orders', ms + 5), span(2, 1, 'validate', 1));
    shop.push(span(3, 2, 'POST', ms + 2));
    payments.push({
      ...span(4, 3, 'charge', ms),
      ...(failed.includes(n) ? { status: { code: 2 } } : {}),
    });
  });
  return {
    resourceSpans: [
      { resource: resource('shop'), scopeSpans: [{ spans: shop }] },
      { resource: resource('payments'), scopeSpans: [{ spans: payments }] },
    ],
  };
}

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'service-map-')) });
  const body = JSON.stringify(orders([10, 20, 30, 40], [3]));
  await store.writeSpans(decodeTracesJson(Buffer.from(body)).items);
  const handler = createServiceMapHandler(store.reader, { onError: () => {}, now: () => NOW });
  server = await serveHandler(handler);
  base = server.url;
});
after(async () => {
  await server?.close();
  store.close();
});

test('services are nodes; calls across services are edges with rate, errors and latency', async () => {
  const response = await fetch(`${base}/api/service-map`);
  assert.equal(response.status, 200);
  const map = (await response.json()) as {
    nodes: unknown[];
    edges: {
      parent: string;
      child: string;
      calls: number;
      rate: number;
      errorRatio: number;
      p50Ms: number;
      p95Ms: number;
    }[];
  };
  assert.deepEqual(map.nodes, [
    { service: 'payments', spans: 4, errors: 1 },
    { service: 'shop', spans: 12, errors: 0 },
  ]);
  assert.equal(map.edges.length, 1, 'calls inside a service are no edges');
  const edge = map.edges[0];
  assert.ok(edge);
  assert.deepEqual(
    [edge.parent, edge.child, edge.calls, edge.errorRatio],
    ['shop', 'payments', 4, 0.25],
  );
  assert.equal(edge.rate, 4 / (15 * 60), 'calls per second over the default 15 minutes');
  assert.equal(edge.p50Ms, 25);
  assert.ok(edge.p95Ms > 38 && edge.p95Ms <= 40, String(edge.p95Ms));
});

test('the window narrows what counts; bad windows are 400 with the reason', async () => {
  const narrow = await fetch(`${base}/api/service-map?start=${NOW - 60_000}&end=${NOW - 58_500}`);
  const map = (await narrow.json()) as { edges: { calls: number }[] };
  assert.deepEqual(
    map.edges.map((edge) => edge.calls),
    [2],
  );
  for (const query of ['start=soon', `start=${NOW}&end=${NOW - 1}`, `start=0&end=${NOW}`]) {
    const response = await fetch(`${base}/api/service-map?${query}`);
    assert.equal(response.status, 400, query);
    assert.ok(((await response.json()) as { error: string }).error.length > 0);
  }
});
