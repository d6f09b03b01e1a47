import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { createJaegerApiHandler } from '../query/jaeger/jaeger-api.js';
import { openTelemetryStore, type TelemetryStore } from '../storage/telemetry-store.js';
import { createOtlpHttpHandler } from './otlp-http.js';

let store: TelemetryStore;
let otlp: Server;
let query: Server;
let otlpUrl: string;
let queryUrl: string;

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'exporters-')) });
  otlp = createServer(
    createOtlpHttpHandler({ sink: store, maxBodyBytes: 1 << 20, onError: console.error }),
  );
  const jaeger = createJaegerApiHandler(store.reader);
  query = createServer(async (request, response) => {
    if (!(await jaeger(request, response))) response.writeHead(404).end();
  });
  otlpUrl = await listen(otlp);
  queryUrl = await listen(query);
});

after(() => {
  otlp.close();
  query.close();
  store.close();
});

interface JaegerSpan {
  spanID: string;
  operationName: string;
  startTime: number;
  duration: number;
  tags: { key: string; type: string; value: unknown }[];
  logs: { timestamp: number; fields: { key: string; value: unknown }[] }[];
  references: { refType: string; spanID: string }[];
  processID: string;
}

/** Sends one parent and child through `exporter`, then reads the trace back from the Jaeger API. */
async function roundTrip(exporter: SpanExporter, service: string) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.version': '1.2.3' }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('exporter-test', '0.0.1');
  const parent = tracer.startSpan('checkout', {
    kind: SpanKind.SERVER,
    startTime: [1_800_000_000, 0],
    attributes: {
      'http.route': '/checkout',
      'http.response.status_code': 500,
      ratio: 0.25,
      cached: false,
    },
  });
  parent.addEvent('retry', { attempt: 2 }, [1_800_000_000, 5_000_000]);
  parent.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });
  parent.end([1_800_000_000, 40_000_000]);
  await provider.forceFlush();
  await provider.shutdown();
  const { traceId, spanId } = parent.spanContext();
  const response = await fetch(`${queryUrl}/api/traces/${traceId}`);
  assert.equal(response.status, 200);
  const { data } = (await response.json()) as {
    data: {
      spans: JaegerSpan[];
      processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
    }[];
  };
  return { trace: data[0], spanId };
}

const exporters = [
  { name: 'http/protobuf', create: () => new ProtoTraceExporter({ url: `${otlpUrl}/v1/traces` }) },
  { name: 'http/json', create: () => new JsonTraceExporter({ url: `${otlpUrl}/v1/traces` }) },
];

describe('the official OTLP/HTTP exporters, field for field through the Jaeger API', () => {
  for (const { name, create } of exporters) {
    test(name, async () => {
      const { trace, spanId } = await roundTrip(create(), `svc-${name}`);
      assert.ok(trace);
      const [span] = trace.spans;
      assert.ok(span);
      assert.equal(span.spanID, spanId);
      assert.equal(span.operationName, 'checkout');
      assert.equal(span.startTime, 1_800_000_000_000_000);
      assert.equal(span.duration, 40_000);
      const tag = (key: string) => span.tags.find((t) => t.key === key);
      assert.deepEqual(tag('http.route'), {
        key: 'http.route',
        type: 'string',
        value: '/checkout',
      });
      assert.deepEqual(tag('http.response.status_code'), {
        key: 'http.response.status_code',
        type: 'int64',
        value: 500,
      });
      assert.deepEqual(tag('ratio'), { key: 'ratio', type: 'float64', value: 0.25 });
      assert.deepEqual(tag('cached'), { key: 'cached', type: 'bool', value: false });
      assert.equal(tag('span.kind')?.value, 'server');
      assert.equal(tag('otel.status_code')?.value, 'ERROR');
      assert.equal(tag('otel.status_description')?.value, 'upstream failed');
      assert.equal(tag('error')?.value, true);
      assert.equal(span.logs.length, 1);
      assert.equal(span.logs[0]?.timestamp, 1_800_000_000_005_000);
      assert.ok(span.logs[0]?.fields.some((f) => f.key === 'attempt' && f.value === 2));
      const process = trace.processes[span.processID];
      assert.equal(process?.serviceName, `svc-${name}`);
      assert.ok(process?.tags.some((t) => t.key === 'service.version' && t.value === '1.2.3'));
    });
  }
});
