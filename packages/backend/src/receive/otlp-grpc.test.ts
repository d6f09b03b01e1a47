import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { openTelemetryStore, type TelemetryStore } from '../storage/telemetry-store.js';
import { bindGrpc, createOtlpGrpcServer } from './otlp-grpc.js';

let store: TelemetryStore;
let server: grpc.Server;
let port: number;

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'otlp-grpc-')) });
  server = createOtlpGrpcServer({ sink: store, maxBodyBytes: 64 * 1024, onError: console.error });
  port = await bindGrpc(server, '127.0.0.1', 0);
});

after(() => {
  server.forceShutdown();
  store.close();
});

test('the official OTLP/gRPC trace exporter sends, and every span is stored', async () => {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'grpc-client' }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${port}` })),
    ],
  });
  const tracer = provider.getTracer('test');
  for (let i = 0; i < 3; i += 1) tracer.startSpan(`op-${i}`, { kind: SpanKind.CLIENT }).end();
  await provider.forceFlush();
  await provider.shutdown();
  const rows = (
    await store.reader.runAndReadAll(
      `SELECT name FROM spans WHERE service = 'grpc-client' ORDER BY name`,
    )
  ).getRowObjects();
  assert.deepEqual(
    rows.map((row) => row.name),
    ['op-0', 'op-1', 'op-2'],
  );
});

function exportRaw(body: Buffer): Promise<{ code: number; details: string; response?: Buffer }> {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (buffer: Buffer) => buffer,
      (buffer: Buffer) => buffer,
      body,
      (error, response) => {
        client.close();
        resolve(
          error ? { code: error.code, details: error.details } : { code: 0, details: '', response },
        );
      },
    );
  });
}

test('undecodable bytes are INVALID_ARGUMENT with the reason', async () => {
  const result = await exportRaw(Buffer.from([0x0a, 0xff, 0xff]));
  assert.equal(result.code, grpc.status.INVALID_ARGUMENT);
  assert.match(result.details, /invalid ExportTraceServiceRequest protobuf/);
});

test('a message over the limit is RESOURCE_EXHAUSTED', async () => {
  const result = await exportRaw(Buffer.alloc(65 * 1024));
  assert.equal(result.code, grpc.status.RESOURCE_EXHAUSTED);
});

test('an empty request is a full success', async () => {
  const result = await exportRaw(Buffer.alloc(0));
  assert.equal(result.code, 0);
  assert.equal(result.response?.length, 0);
});

test('a storage failure whose logging throws too still answers, and the server goes on', async () => {
  const failing = createOtlpGrpcServer({
    sink: { ...store, writeSpanColumns: () => Promise.reject(undefined) },
    maxBodyBytes: 64 * 1024,
    onError: (error) => {
      throw new TypeError(`cannot log ${(error as Error).message}`);
    },
  });
  const failingPort = await bindGrpc(failing, '127.0.0.1', 0);
  try {
    const span = Buffer.from(
      // ExportTraceServiceRequest{resourceSpans{scopeSpans{spans{traceId, spanId, name}}}}
      '0a231221121f0a1000000000000000000000000000000001120800000000000000012a0178',
      'hex',
    );
    const client = new grpc.Client(`127.0.0.1:${failingPort}`, grpc.credentials.createInsecure());
    const code = await new Promise<number>((resolve) =>
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        (buffer: Buffer) => buffer,
        (buffer: Buffer) => buffer,
        span,
        (error) => {
          client.close();
          resolve(error?.code ?? 0);
        },
      ),
    );
    assert.equal(code, grpc.status.INTERNAL);
  } finally {
    failing.forceShutdown();
  }
});
