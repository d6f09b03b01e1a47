/**
 * Trace answers over traces larger than an answer may hold: Jaeger v1 and api_v3 answer within
 * MAX_ANSWER_SPANS and say what they left out, the event loop keeps turning while they are made,
 * and the range export streams big traces in steps at the pace its reader reads.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeTracesJson } from '@otel-lab/otlp';
import { openTelemetryStore, type TelemetryStore } from '../storage/telemetry-store.js';
import { createExportHandler } from './export/export-api.js';
import { STEP_SPANS } from './export/export-range.js';
import { createJaegerApiHandler } from './jaeger/jaeger-api.js';
import {
  cutTraceWarning,
  leftOutMessage,
  MAX_ANSWER_SPANS,
  traceLeftOutMessage,
} from './jaeger/span-budget.js';
import { createJaegerApiV3Handler } from './jaeger-v3/api-v3.js';
import { WARNINGS_ATTRIBUTE } from './jaeger-v3/otlp-trace-text.js';
import { createTempoApiHandler } from './tempo/tempo-api.js';

const T0_MS = 1_800_000_000_000;
const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');

/** Traces by id: a huge one (newest, larger than an answer) and two big ones of service big. */
const TRACES = [
  { id: 0xa, service: 'huge', spans: MAX_ANSWER_SPANS + 5_000, startMs: T0_MS + 2_000 },
  { id: 0xb, service: 'big', spans: 12_000, startMs: T0_MS + 1_000 },
  { id: 0xc, service: 'big', spans: 12_000, startMs: T0_MS },
];
const ALL_SPANS = TRACES.reduce((sum, trace) => sum + trace.spans, 0);
const FILLER = 'x'.repeat(100);

let store: TelemetryStore;
let dataDir: string;
let server: ReturnType<typeof createServer>;
let baseUrl: string;
let port: number;
/** The server side of the last request, to watch what it buffers. */
let serving: ServerResponse | undefined;
const errors: unknown[] = [];

function otlpBatch(trace: (typeof TRACES)[number], from: number, to: number) {
  const spans = [];
  for (let s = from; s < to; s++) {
    const start = BigInt(trace.startMs) * 1_000_000n + BigInt(s) * 1000n;
    spans.push({
      traceId: hex(trace.id, 32),
      spanId: hex(trace.id * 1_000_000 + s + 1, 16),
      parentSpanId: s > 0 ? hex(trace.id * 1_000_000 + 1, 16) : '',
      name: `op${s % 20}`,
      kind: 2,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + 5_000_000n),
      attributes: [{ key: 'filler', value: { stringValue: FILLER } }],
    });
  }
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: trace.service } }] };
  return { resourceSpans: [{ resource, scopeSpans: [{ spans }] }] };
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'big-traces-'));
  store = await openTelemetryStore({ dataDir });
  for (const trace of TRACES) {
    for (let from = 0; from < trace.spans; from += 10_000) {
      const batch = otlpBatch(trace, from, Math.min(trace.spans, from + 10_000));
      await store.writeSpans(decodeTracesJson(JSON.stringify(batch)).items);
    }
  }
  const onError = (error: unknown) => errors.push(error);
  const handlers = [
    createExportHandler(store.readers, { onError }),
    createJaegerApiV3Handler(store.readers, { onError }),
    createJaegerApiHandler(store.readers, { onError }),
    createTempoApiHandler(store.readers, { onError }),
  ];
  server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    serving = response;
    for (const handler of handlers) if (await handler(request, response)) return;
    response.writeHead(418).end();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
  assert.deepEqual(errors, []);
});

/**
 * The JSON answer to `path`, and the longest the event loop went without turning while it was
 * made (what an OTLP acknowledgement would have waited).
 */
async function timedGet(path: string) {
  let last = performance.now();
  let stall = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 5);
  try {
    const response = await fetch(`${baseUrl}${path}`);
    const text = await response.text();
    stall = Math.max(stall, performance.now() - last);
    return { status: response.status, body: JSON.parse(text), stall };
  } finally {
    clearInterval(timer);
  }
}

/** Generous: slices are 10 ms, and converting these answers unsliced takes a second or more. */
const MAX_STALL_MS = 1000;

const usWindow = `start=${(T0_MS - 3_600_000) * 1000}&end=${(T0_MS + 3_600_000) * 1000}`;
const jaegerId = (id: number) => hex(id, 16);

interface JaegerSpan {
  spanID: string;
  warnings: string[] | null;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
}

test('Jaeger v1: a search answers the traces that fit in the span budget and says what it left out', async () => {
  const { status, body, stall } = await timedGet(`/api/traces?service=big&limit=20&${usWindow}`);
  assert.equal(status, 200);
  const data = body.data as JaegerTrace[];
  assert.deepEqual(
    data.map((trace) => [trace.traceID, trace.spans.length]),
    [[jaegerId(0xb), 12_000]],
  );
  assert.deepEqual(body.errors, [{ msg: leftOutMessage(1, 2) }]);
  assert.ok(stall < MAX_STALL_MS, `the event loop stalled ${Math.round(stall)} ms`);
});

test('Jaeger v1: a trace over the budget is answered cut, with Jaeger warning on its first span', async () => {
  const rows: [string, number, unknown][] = [
    [`/api/traces/${hex(0xa, 32)}`, MAX_ANSWER_SPANS, null],
    [
      `/api/traces?traceID=${jaegerId(0xa)}&traceID=${jaegerId(0xb)}`,
      MAX_ANSWER_SPANS,
      [{ msg: traceLeftOutMessage(), traceID: jaegerId(0xb) }],
    ],
  ];
  for (const [path, spans, expectedErrors] of rows) {
    const { status, body, stall } = await timedGet(path);
    assert.equal(status, 200, path);
    const data = body.data as JaegerTrace[];
    assert.deepEqual(
      data.map((trace) => [trace.traceID, trace.spans.length]),
      [[jaegerId(0xa), spans]],
    );
    assert.deepEqual(data[0]?.spans[0]?.warnings, [cutTraceWarning()], path);
    assert.equal(data[0]?.spans[1]?.warnings, null, path);
    assert.deepEqual(body.errors, expectedErrors, path);
    assert.equal(new Set(data[0]?.spans.map((span) => span.spanID)).size, spans, path);
    assert.ok(stall < MAX_STALL_MS, `${path}: the event loop stalled ${Math.round(stall)} ms`);
  }
});

test('Tempo: a trace over the budget is answered cut to its first spans', async () => {
  const { status, body, stall } = await timedGet(`/api/v2/traces/${hex(0xa, 32)}`);
  assert.equal(status, 200);
  const spans = body.trace.resourceSpans.flatMap(
    (resource: { scopeSpans: { spans: unknown[] }[] }) =>
      resource.scopeSpans.flatMap((scope) => scope.spans),
  );
  assert.equal(spans.length, MAX_ANSWER_SPANS);
  assert.ok(stall < MAX_STALL_MS, `the event loop stalled ${Math.round(stall)} ms`);
});

interface OtlpAnswer {
  result: {
    resourceSpans: {
      scopeSpans: {
        spans: { traceId: string; attributes?: { key: string; value: unknown }[] }[];
      }[];
    }[];
  };
}

const spansOf = (answer: OtlpAnswer) =>
  answer.result.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
const warningsOf = (span: ReturnType<typeof spansOf>[number] | undefined) =>
  span?.attributes?.find((kv) => kv.key === WARNINGS_ATTRIBUTE)?.value;

test('api_v3: search and get trace answer within the budget, the warnings on the first span', async () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const search = new URLSearchParams({
    'query.service_name': 'big',
    'query.start_time_min': iso(T0_MS - 3_600_000),
    'query.start_time_max': iso(T0_MS + 3_600_000),
    'query.search_depth': '20',
  });
  const rows: [string, string, number, string][] = [
    [`/api/v3/traces?${search}`, hex(0xb, 32), 12_000, leftOutMessage(1, 2)],
    [`/api/v3/traces/${hex(0xa, 32)}`, hex(0xa, 32), MAX_ANSWER_SPANS, cutTraceWarning()],
  ];
  for (const [path, traceId, count, warning] of rows) {
    const { status, body, stall } = await timedGet(path);
    assert.equal(status, 200, path);
    const spans = spansOf(body as OtlpAnswer);
    assert.deepEqual(
      [...new Set(spans.map((span) => span.traceId))],
      [traceId],
      `${path}: the traces that fit`,
    );
    assert.equal(spans.length, count, path);
    assert.deepEqual(warningsOf(spans[0]), { arrayValue: { values: [{ stringValue: warning }] } });
    assert.equal(warningsOf(spans[1]), undefined, path);
    assert.ok(stall < MAX_STALL_MS, `${path}: the event loop stalled ${Math.round(stall)} ms`);
  }
});

test('the range export streams big traces in steps, at the pace its reader reads', async () => {
  const path = `/api/export?start=${T0_MS - 1000}&end=${T0_MS + 60_000}`;
  const response = await new Promise<IncomingMessage>((resolve) =>
    get({ host: '127.0.0.1', port, path, agent: false }, resolve),
  );
  assert.equal(response.statusCode, 200);
  response.pause();
  // While nothing is read, sample what the server has written but the client not taken.
  let most = 0;
  for (let i = 0; i < 50; i += 1) {
    await sleep(20);
    most = Math.max(most, serving?.writableLength ?? 0);
  }
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.resume();
  await new Promise((resolve) => response.once('end', resolve));
  const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
  const perLine = lines.map((line) =>
    (JSON.parse(line) as OtlpAnswer['result']).resourceSpans.flatMap((rs) =>
      rs.scopeSpans.flatMap((ss) => ss.spans),
    ),
  );
  const spans = perLine.flat();
  assert.equal(spans.length, ALL_SPANS, 'every span, once');
  assert.equal(new Set(spans.map((span) => JSON.stringify(span))).size, ALL_SPANS);
  assert.ok(Math.max(...perLine.map((line) => line.length)) <= STEP_SPANS);
  const bytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  // A piece of text (64 K characters) and the socket's buffer at most, of an export of megabytes.
  assert.ok(most <= 256 * 1024, `${most} bytes held of ${bytes}`);
});
