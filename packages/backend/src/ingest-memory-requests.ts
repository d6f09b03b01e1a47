/**
 * Large trace export requests for ingest-memory.test.ts, built so that many clients can send them
 * without the test holding a copy per client: the spans are one shared buffer, and each client
 * adds a small part of its own with a marker span in a trace only it sends.
 */
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** Attribute text per span: requests this large are mostly attribute values, as real ones are. */
const PADDING = 2200;

/** The trace id of client `client`'s marker span (32 hex digits). */
export const markerTraceId = (client: number) => `feed${client.toString(16).padStart(28, '0')}`;

/**
 * An OTLP/JSON request of about `bytes` bytes in three parts: head(client) (the envelope and the
 * client's marker span), the shared spans, and the tail.
 */
export function jsonTraceRequest(bytes: number) {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const span = (traceId: string, i: number, name: string) =>
    JSON.stringify({
      traceId,
      spanId: (i + 1).toString(16).padStart(16, '0'),
      name,
      kind: 2,
      startTimeUnixNano: String(nowNs + BigInt(i) * 1000n),
      endTimeUnixNano: String(nowNs + BigInt(i) * 1000n + 5_000_000n),
      attributes: [
        { key: 'http.route', value: { stringValue: '/api/orders/{id}' } },
        { key: 'db.statement', value: { stringValue: `SELECT ${'x'.repeat(PADDING)}` } },
      ],
    });
  const one = span('0'.repeat(32), 0, 'GET /api/orders/{id}').length + 1;
  const spanCount = Math.max(1, Math.round(bytes / one));
  const texts: string[] = [];
  for (let i = 0; i < spanCount; i += 1) {
    texts.push(
      span(
        `5ba7${Math.floor(i / 10)
          .toString(16)
          .padStart(28, '0')}`,
        i,
        'GET /api/orders/{id}',
      ),
    );
  }
  const resource = {
    attributes: [{ key: 'service.name', value: { stringValue: 'ingest-memory' } }],
  };
  return {
    head: (client: number) =>
      Buffer.from(
        `{"resourceSpans":[{"resource":${JSON.stringify(resource)},"scopeSpans":[{"spans":[${span(markerTraceId(client), 0, 'marker')},`,
      ),
    spans: Buffer.from(texts.join(',')),
    tail: Buffer.from(']}]}]}'),
    spanCount,
  };
}

/** Spans ended by a provider whose trace ids come from `traceId`. */
function sdkSpans(count: number, traceId: (i: number) => string): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  let n = 0;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'ingest-memory' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    idGenerator: {
      generateTraceId: () => traceId(n),
      generateSpanId: () => (++n).toString(16).padStart(16, '0'),
    },
  });
  const tracer = provider.getTracer('ingest-memory');
  for (let i = 0; i < count; i += 1) {
    tracer
      .startSpan('GET /api/orders/{id}', {
        attributes: { 'http.route': '/api/orders/{id}', 'db.statement': 'x'.repeat(PADDING) },
      })
      .end();
  }
  return exporter.getFinishedSpans();
}

/**
 * An ExportTraceServiceRequest of about `bytes` bytes in two parts, head(client) (the client's
 * marker span) and the shared spans: protobuf messages concatenated are one message of both.
 */
export function encodeTraceProtobuf(bytes: number) {
  const spanCount = Math.max(1, Math.round(bytes / (PADDING + 120)));
  const shared = sdkSpans(
    spanCount,
    (i) =>
      `5ba7${Math.floor(i / 10)
        .toString(16)
        .padStart(28, '0')}`,
  );
  const encode = (spans: ReadableSpan[]) =>
    Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) ?? []);
  return {
    head: (client: number) => encode(sdkSpans(1, () => markerTraceId(client))),
    spans: encode(shared),
    spanCount,
  };
}
