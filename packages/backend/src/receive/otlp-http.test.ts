import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { SpanKind } from '@opentelemetry/api';
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { openTelemetryStore, type TelemetryStore } from '../storage/telemetry-store.js';
import { createOtlpHttpHandler } from './otlp-http.js';

const LIMIT = 64 * 1024;

async function spans(count: number): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test');
  for (let i = 0; i < count; i += 1) {
    tracer
      .startSpan(`op-${i}`, {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET',
          'http.route': '/items/:id',
          'http.response.status_code': 200,
        },
      })
      .end();
  }
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

async function startReceiver(store: TelemetryStore): Promise<{ url: string; server: Server }> {
  const server = createServer(
    createOtlpHttpHandler({
      sink: store,
      maxBodyBytes: LIMIT,
      onError: (error) => console.error(error),
    }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let store: TelemetryStore;
let receiver: { url: string; server: Server };

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'otlp-http-')) });
  receiver = await startReceiver(store);
});

after(() => {
  receiver.server.close();
  store.close();
});

const post = (path: string, body: Uint8Array | string, headers: Record<string, string>) =>
  fetch(`${receiver.url}${path}`, { method: 'POST', body, headers });
const protobuf = { 'content-type': 'application/x-protobuf' };
const json = { 'content-type': 'application/json' };

describe('accepted exports are stored before the answer', () => {
  test('protobuf traces: 200 with an empty protobuf body, every span queryable', async () => {
    const sent = await spans(5);
    const response = await post(
      '/v1/traces',
      ProtobufTraceSerializer.serializeRequest(sent) ?? new Uint8Array(),
      protobuf,
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-protobuf');
    assert.equal((await response.arrayBuffer()).byteLength, 0);
    const traceId = sent[0]?.spanContext().traceId ?? '';
    const rows = (
      await store.reader.runAndReadAll(
        `SELECT name, service, kind, http_method, http_route, http_status_code FROM spans
          WHERE trace_id = ${BigInt(`0x${traceId}`)}::UHUGEINT`,
      )
    ).getRowObjects();
    assert.deepEqual(rows, [
      {
        name: 'op-0',
        service: 'shop',
        kind: 2,
        http_method: 'GET',
        http_route: '/items/:id',
        http_status_code: 200,
      },
    ]);
  });

  test('gzipped JSON logs: 200 with {}', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      processors: [new SimpleLogRecordProcessor({ exporter })],
    });
    provider.getLogger('app').emit({ body: 'hello', severityNumber: 9, severityText: 'INFO' });
    await provider.forceFlush();
    const body = gzipSync(
      JsonLogsSerializer.serializeRequest(exporter.getFinishedLogRecords()) ?? new Uint8Array(),
    );
    const before = (await store.counts()).logs;
    const response = await post('/v1/logs', body, { ...json, 'content-encoding': 'gzip' });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '{}');
    assert.equal((await store.counts()).logs, before + 1);
  });

  test('a span with an invalid id is refused in a partialSuccess, the rest stored', async () => {
    const body = JSON.parse(
      Buffer.from(JsonTraceSerializer.serializeRequest(await spans(2)) ?? []).toString(),
    );
    body.resourceSpans[0].scopeSpans[0].spans[1].traceId = '';
    const before = (await store.counts()).spans;
    const response = await post('/v1/traces', JSON.stringify(body), json);
    assert.equal(response.status, 200);
    const answer = (await response.json()) as {
      partialSuccess: { rejectedSpans: string; errorMessage: string };
    };
    assert.equal(answer.partialSuccess.rejectedSpans, '1');
    assert.match(answer.partialSuccess.errorMessage, /trace id/);
    assert.equal((await store.counts()).spans, before + 1);
  });
});

describe('refusals, each with its status and a message', () => {
  const bomb = gzipSync(Buffer.alloc(LIMIT * 4, 'a'));
  const rows: {
    name: string;
    method?: string;
    path?: string;
    body?: Uint8Array | string;
    headers?: Record<string, string>;
    status: number;
    message: RegExp;
  }[] = [
    {
      name: 'undecodable protobuf',
      body: Uint8Array.from([0x0a, 0xff, 0xff]),
      headers: protobuf,
      status: 400,
      message: /invalid ExportTraceServiceRequest protobuf/,
    },
    {
      name: 'malformed JSON',
      body: '{"resourceSpans":',
      headers: json,
      status: 400,
      message: /invalid JSON/,
    },
    {
      name: 'corrupt gzip',
      body: 'not gzip',
      headers: { ...json, 'content-encoding': 'gzip' },
      status: 400,
      message: /invalid gzip/,
    },
    {
      name: 'body over the limit',
      body: 'x'.repeat(LIMIT + 1),
      headers: json,
      status: 413,
      message: /over the limit/,
    },
    {
      name: 'gzip bomb',
      body: bomb,
      headers: { ...json, 'content-encoding': 'gzip' },
      status: 413,
      message: /once decompressed/,
    },
    {
      name: 'other content type',
      body: 'x',
      headers: { 'content-type': 'text/plain' },
      status: 415,
      message: /application\/x-protobuf/,
    },
    {
      name: 'other content encoding',
      body: 'x',
      headers: { ...json, 'content-encoding': 'br' },
      status: 415,
      message: /gzip/,
    },
    { name: 'other method', method: 'PUT', body: 'x', headers: json, status: 405, message: /POST/ },
    {
      name: 'other path',
      path: '/v1/profiles',
      body: '{}',
      headers: json,
      status: 404,
      message: /\/v1\/traces/,
    },
  ];
  for (const row of rows) {
    test(row.name, async () => {
      const response = await fetch(`${receiver.url}${row.path ?? '/v1/traces'}`, {
        method: row.method ?? 'POST',
        body: row.body,
        headers: row.headers,
      });
      assert.equal(response.status, row.status);
      if (response.headers.get('content-type') === 'application/json') {
        const status = (await response.json()) as { message: string };
        assert.match(status.message, row.message);
      } else {
        assert.match(Buffer.from(await response.arrayBuffer()).toString('latin1'), row.message);
      }
      if (row.status === 405) assert.equal(response.headers.get('allow'), 'POST, OPTIONS');
    });
  }

  const preflight = (url: string, origin: string) =>
    fetch(`${url}/v1/traces`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-headers': 'content-type' },
    });

  test('CORS preflight from a page on this machine is allowed by default', async () => {
    const response = await preflight(receiver.url, 'http://localhost:5173');
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
  });

  test('another site gets no CORS header, so its browser refuses; SDKs without Origin are unaffected', async () => {
    const response = await preflight(receiver.url, 'https://evil.example');
    assert.equal(response.status, 204);
    for (const [name] of response.headers) assert.doesNotMatch(name, /^access-control-/);
    const post = await fetch(`${receiver.url}/v1/traces`, {
      method: 'POST',
      body: JsonTraceSerializer.serializeRequest(await spans(1)),
      headers: { ...json, origin: 'https://evil.example' },
    });
    assert.equal(post.status, 200);
    assert.equal(post.headers.get('access-control-allow-origin'), null);
    const sdk = await fetch(`${receiver.url}/v1/traces`, {
      method: 'POST',
      body: JsonTraceSerializer.serializeRequest(await spans(1)),
      headers: json,
    });
    assert.equal(sdk.status, 200);
  });

  test('--cors-origins: the origins given, wildcards included, and no others', async () => {
    const server = createServer(
      createOtlpHttpHandler({
        sink: store,
        maxBodyBytes: LIMIT,
        onError: (error) => console.error(error),
        corsOrigins: ['https://*.lab.example', 'http://grafana.test:3000'],
      }),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const rows: [string, boolean][] = [
        ['https://shop.lab.example', true],
        ['http://grafana.test:3000', true],
        ['http://localhost:5173', false],
        ['https://lab.example', false],
      ];
      for (const [origin, allowed] of rows) {
        const response = await preflight(url, origin);
        assert.equal(
          response.headers.get('access-control-allow-origin'),
          allowed ? origin : null,
          origin,
        );
      }
    } finally {
      server.close();
    }
  });

  test('a full ingest queue answers 503 with Retry-After and stores nothing', async () => {
    const full = await openTelemetryStore({
      dataDir: mkdtempSync(join(tmpdir(), 'otlp-full-')),
      queueLimit: 0,
    });
    const busy = await startReceiver(full);
    try {
      const body = ProtobufTraceSerializer.serializeRequest(await spans(1)) ?? new Uint8Array();
      const response = await fetch(`${busy.url}/v1/traces`, {
        method: 'POST',
        body,
        headers: protobuf,
      });
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '1');
      assert.equal((await full.counts()).spans, 0);
    } finally {
      busy.server.close();
      full.close();
    }
  });
});
