import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeLogsJson, decodeTracesJson } from '@otel-lab/otlp';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { importOtlpJson } from '../../receive/import-otlp-json.js';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createTraceReader } from '../jaeger/trace-reader.js';
import { toOtlpResourceSpans } from '../jaeger-v3/to-otlp-json.js';
import { createExportHandler } from './export-api.js';

const T0 = 1_800_000_000_000;
const ns = (ms: number) => String(BigInt(T0 + ms) * 1_000_000n);
const TRACE_A = '0000000000000000000000000000000a';
const TRACE_B = '0000000000000000000000000000000b';

const traces = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'demo-app' } }] },
      scopeSpans: [
        {
          scope: { name: 'demo', version: '1' },
          spans: [
            {
              traceId: TRACE_A,
              spanId: '0000000000000001',
              name: 'root',
              kind: 2,
              startTimeUnixNano: ns(0),
              endTimeUnixNano: ns(10),
              attributes: [{ key: 'n', value: { intValue: '7' } }],
              events: [
                {
                  timeUnixNano: ns(5),
                  name: 'e',
                  attributes: [{ key: 'x', value: { doubleValue: 1.5 } }],
                },
              ],
              status: { code: 2, message: 'bad' },
            },
            {
              traceId: TRACE_A,
              spanId: '0000000000000002',
              parentSpanId: '0000000000000001',
              name: 'child',
              startTimeUnixNano: ns(1),
              endTimeUnixNano: ns(2),
            },
            {
              traceId: TRACE_B,
              spanId: '0000000000000003',
              name: 'late',
              startTimeUnixNano: ns(60_000),
              endTimeUnixNano: ns(60_001),
            },
          ],
        },
      ],
    },
  ],
};
const logs = {
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'demo-app' } }] },
      scopeLogs: [
        {
          scope: { name: 'pino' },
          logRecords: [
            {
              timeUnixNano: ns(3),
              severityNumber: 9,
              severityText: 'INFO',
              body: { stringValue: 'order created' },
              traceId: TRACE_A,
              spanId: '0000000000000001',
            },
          ],
        },
      ],
    },
  ],
};

let store: TelemetryStore;
let server: HandlerServer;
let base: string;

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'export-')) });
  await store.writeSpans(decodeTracesJson(JSON.stringify(traces)).items);
  await store.writeLogs(decodeLogsJson(JSON.stringify(logs)).items);
  const handler = createExportHandler(store.reader, { onError: console.error });
  server = await serveHandler(handler);
  base = server.url;
});

after(async () => {
  await server.close();
  store.close();
});

test('one trace as OTLP/JSON, every field kept', async () => {
  const response = await fetch(`${base}/api/export/traces/${TRACE_A}`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-disposition') ?? '', /trace-0+a\.json/);
  const body = (await response.json()) as typeof traces;
  const spans = body.resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
  assert.deepEqual(
    spans.map((span) => span.name),
    ['root', 'child'],
  );
  const [root] = spans;
  assert.deepEqual(root?.attributes, [{ key: 'n', value: { intValue: '7' } }]);
  assert.equal(root?.startTimeUnixNano, ns(0));
  assert.deepEqual(root?.status, { code: 2, message: 'bad' });
});

test('a time range exports as JSON lines that import back to the same traces and logs', async () => {
  const response = await fetch(`${base}/api/export?start=${T0 - 1000}&end=${T0 + 120_000}`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /ndjson/);
  const text = await response.text();
  assert.equal(text.trim().split('\n').length, 3, 'two traces and one line of logs');

  const copy = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'export-copy-')) });
  try {
    const counts = await importOtlpJson(text, copy);
    assert.deepEqual(counts, { requests: 3, spans: 3, logs: 1, metrics: 0, rejected: 0 });
    const original = await createTraceReader(store.reader).readTraces([BigInt(`0x${TRACE_A}`)]);
    const copied = await createTraceReader(copy.reader).readTraces([BigInt(`0x${TRACE_A}`)]);
    assert.deepEqual(toOtlpResourceSpans(copied), toOtlpResourceSpans(original));
    const [log] = (
      await copy.reader.runAndReadAll('SELECT severity_text, body FROM logs')
    ).getRowObjects();
    assert.deepEqual(log, { severity_text: 'INFO', body: '{"stringValue":"order created"}' });
  } finally {
    copy.close();
  }
});

test('the window decides what is exported', async () => {
  const text = await (
    await fetch(`${base}/api/export?start=${T0 + 30_000}&end=${T0 + 120_000}`)
  ).text();
  const lines = text.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /"late"/);
});

const bad = [
  { path: '/api/export/traces/xyz', status: 400 },
  { path: '/api/export/traces/%E0', status: 400 },
  { path: '/api/export/traces/%zz', status: 400 },
  { path: `/api/export/traces/${'f'.repeat(32)}`, status: 404 },
  { path: '/api/export?start=soon', status: 400 },
  { path: `/api/export?start=${T0 + 10}&end=${T0}`, status: 400 },
];
for (const row of bad) {
  test(`${row.status} for ${row.path}`, async () => {
    const response = await fetch(`${base}${row.path}`);
    assert.equal(response.status, row.status);
    assert.ok(((await response.json()) as { error: string }).error.length > 0);
  });
}

test('HEAD is answered as GET; other methods are 405 with Allow', async () => {
  const head = await fetch(`${base}/api/export/traces/${TRACE_A}`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  const post = await fetch(`${base}/api/export`, { method: 'POST' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
});
