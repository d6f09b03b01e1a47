import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { openTelemetryStore, type TelemetryStore } from '../storage/telemetry-store.js';
import { createImportHandler } from './import-api.js';
import { createIngestBudget } from './ingest-budget.js';

const span = (n: number) => ({
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: n.toString(16).padStart(16, '0'),
  name: `s${n}`,
});
const traces = (...spans: unknown[]) =>
  JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
const logs = JSON.stringify({
  resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'hi' } }] }] }],
});
const metrics = JSON.stringify({
  resourceMetrics: [
    { scopeMetrics: [{ metrics: [{ name: 'm', gauge: { dataPoints: [{ asDouble: 1 }] } }] }] },
  ],
});

const JSON_TYPE = { 'content-type': 'application/json' };

const budget = createIngestBudget(1 << 20);
let store: TelemetryStore;
let server: Server;
let url: string;

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'import-')) });
  const handler = createImportHandler(store, {
    maxBytes: 1 << 20,
    onError: console.error,
    budget,
    // Short, so the test of a body that stops arriving is quick; every other body is sent at once.
    pace: { windowMs: 1000, minBytesPerWindow: 1024 },
  });
  server = createServer(async (request, response) => {
    if (!(await handler(request, response))) response.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/import`;
});

after(() => {
  server.close();
  store.close();
});

test('JSON lines of traces, logs and metrics, as the Collector file exporter writes them', async () => {
  const before = await store.counts();
  const body = gzipSync(`${traces(span(1), span(2))}\n${logs}\n\n${metrics}\n${traces(span(3))}\n`);
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
  });
  assert.equal(response.status, 200);
  assert.deepEqual(((await response.json()) as { imported: unknown }).imported, {
    requests: 4,
    spans: 3,
    logs: 1,
    metrics: 1,
    rejected: 0,
  });
  const after = await store.counts();
  assert.deepEqual(
    [after.spans - before.spans, after.logs - before.logs, after.metrics - before.metrics],
    [3, 1, 1],
  );
});

test('a single pretty-printed request is one document', async () => {
  const response = await fetch(url, {
    method: 'POST',
    body: JSON.stringify(JSON.parse(traces(span(4))), null, 2),
    headers: JSON_TYPE,
  });
  assert.equal(response.status, 200);
  assert.equal(((await response.json()) as { imported: { spans: number } }).imported.spans, 1);
});

const bad = [
  { name: 'a line that is not JSON', body: `${logs}\n{oops`, error: /line 2: .*JSON/ },
  {
    name: 'a JSON line that is not OTLP',
    body: `${logs}\n{"hello":1}`,
    error: /line 2: not an OTLP\/JSON request/,
  },
  {
    name: 'a JSON value that is not an object',
    body: '42',
    error: /line 1: expected a JSON object/,
  },
  {
    name: 'a mistyped field',
    body: '{"resourceSpans": 5}',
    error: /line 1: resourceSpans: must be an array/,
  },
];
for (const row of bad) {
  test(`400 for ${row.name}, naming the line`, async () => {
    const response = await fetch(url, { method: 'POST', body: row.body, headers: JSON_TYPE });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, row.error);
  });
}

test('GET is 405 with Allow, in the native API shape', async () => {
  const response = await fetch(url);
  assert.equal(response.status, 405);
  assert.equal(response.headers.get('allow'), 'POST');
  assert.deepEqual(await response.json(), {
    error: 'GET is not allowed on /api/import: use POST',
  });
});

// What any web page may post cross-site without a CORS preflight, and an upload without a type.
const refusedTypes = [
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  undefined,
];
for (const type of refusedTypes) {
  test(`content-type ${type ?? '(none)'} is 415 naming what to send; nothing is stored`, async () => {
    const before = await store.counts();
    const response = await fetch(url, {
      method: 'POST',
      body: Buffer.from(traces(span(5))),
      headers: type ? { 'content-type': type } : {},
    });
    assert.equal(response.status, 415);
    const { error } = (await response.json()) as { error: string };
    assert.match(error, /send application\/json or application\/x-ndjson/);
    assert.equal((await store.counts()).spans, before.spans);
  });
}

test('/api/import/openmetrics takes application/openmetrics-text only', async () => {
  const openMetrics = url.replace(/import$/, 'import/openmetrics');
  const body = '# TYPE up gauge\nup 1 1800000000\n# EOF\n';
  const plain = await fetch(openMetrics, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain; version=0.0.4' },
  });
  assert.equal(plain.status, 415);
  assert.match(((await plain.json()) as { error: string }).error, /application\/openmetrics-text/);
  const typed = await fetch(openMetrics, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/openmetrics-text; version=1.0.0; charset=utf-8' },
  });
  assert.equal(typed.status, 200, await typed.clone().text());
});

const origins: [string, string | undefined, number][] = [
  ['another site', 'https://evil.example', 403],
  ['a sandboxed page (null)', 'null', 403],
  ['a page on another port of this machine', 'http://localhost:5173', 200],
  ['this backend itself', undefined, 200],
];
for (const [what, origin, status] of origins) {
  test(`a write from ${what} is ${status}`, async () => {
    const self = new URL(url).origin;
    const response = await fetch(url, {
      method: 'POST',
      body: traces(span(6)),
      headers: { ...JSON_TYPE, origin: origin ?? self },
    });
    assert.equal(response.status, status);
    if (status === 403) {
      assert.match(((await response.json()) as { error: string }).error, /cross-site|refused/);
    }
  });
}

test('503 with Retry-After, nothing imported, while the ingest memory budget is in use', async () => {
  const before = await store.counts();
  const body = traces(span(7));
  const headers = { 'content-type': 'application/json' };
  const held = budget.reserve(budget.limitBytes - 100);
  try {
    const refused = await fetch(url, { method: 'POST', body, headers });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.match(((await refused.json()) as { error: string }).error, /ingest memory budget full/);
    assert.equal((await store.counts()).spans, before.spans);
  } finally {
    held.release();
  }
  const accepted = await fetch(url, { method: 'POST', body, headers });
  assert.equal(accepted.status, 200);
  assert.equal((await store.counts()).spans, before.spans + 1);
  assert.equal(budget.heldBytes, 0, 'released once imported');
});

test('a body that stops arriving is 408 with the reason, its connection closed, nothing held', async () => {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  let answer = '';
  socket.on('data', (data) => {
    answer += data.toString();
  });
  socket.write(
    'POST /api/import HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"resourceSpans":[',
  );
  await once(socket, 'close');
  assert.match(answer, /^HTTP\/1\.1 408 /);
  // The API's error shape, {error}, whatever the framing.
  assert.match(answer, /\{"error":"the body stopped arriving: /);
  assert.equal(budget.heldBytes, 0);
});
