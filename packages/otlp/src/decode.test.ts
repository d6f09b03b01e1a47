import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
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
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  type AnyValue,
  type Decoded,
  decodeLogsJson,
  decodeLogsProtobuf,
  decodeTracesJson,
  decodeTracesProtobuf,
  type KeyValue,
  type LogData,
  OtlpDecodeError,
  type SpanData,
} from './index.js';

const resource = resourceFromAttributes({ 'service.name': 'checkout', 'host.cpus': 2 });

/** Real spans from the SDK: a root with every field set, and its child. */
async function sdkSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('orders', '1.2.3');
  const root = tracer.startSpan('POST /orders', {
    kind: SpanKind.SERVER,
    startTime: [1_700_000_000, 123_456_789],
    attributes: {
      'http.route': '/orders',
      'http.status_code': 201,
      'order.total': 12.5,
      'cache.hit': true,
      tags: ['a', 'b'],
    },
  });
  root.addEvent('validated', { 'items.count': 3 }, [1_700_000_000, 200_000_000]);
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  const rootContext = root.spanContext();
  const child = tracer.startSpan(
    'charge',
    { kind: SpanKind.CLIENT, links: [{ context: rootContext, attributes: { why: 'retry' } }] },
    trace.setSpan(context.active(), root),
  );
  child.end([1_700_000_001, 0]);
  root.end([1_700_000_002, 500]);
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

const str = (value: AnyValue) => (value.type === 'string' ? value.value : undefined);
const attr = (list: KeyValue[], key: string) => list.find((kv) => kv.key === key)?.value;

function checkSpans(
  decoded: Decoded<SpanData>,
  expectedIds: { traceId: string; spanId: string }[],
) {
  assert.equal(decoded.rejected, 0);
  assert.equal(decoded.items.length, 2);
  const root = decoded.items.find((span) => span.name === 'POST /orders');
  const child = decoded.items.find((span) => span.name === 'charge');
  assert.ok(root && child);
  assert.deepEqual(
    decoded.items
      .map((span) => ({ traceId: span.traceId, spanId: span.spanId }))
      .sort((a, b) => a.spanId.localeCompare(b.spanId)),
    [...expectedIds].sort((a, b) => a.spanId.localeCompare(b.spanId)),
  );
  assert.equal(root.kind, 2);
  assert.equal(root.parentSpanId, '');
  assert.equal(child.parentSpanId, root.spanId);
  assert.equal(child.kind, 3);
  assert.equal(root.startTimeUnixNano, 1_700_000_000_123_456_789n);
  assert.equal(root.endTimeUnixNano, 1_700_000_002_000_000_500n);
  assert.deepEqual(root.status, { code: 2, message: 'card declined' });
  assert.deepEqual(attr(root.attributes, 'http.route'), { type: 'string', value: '/orders' });
  assert.deepEqual(attr(root.attributes, 'http.status_code'), { type: 'int', value: 201n });
  assert.deepEqual(attr(root.attributes, 'order.total'), { type: 'double', value: 12.5 });
  assert.deepEqual(attr(root.attributes, 'cache.hit'), { type: 'bool', value: true });
  assert.deepEqual(attr(root.attributes, 'tags'), {
    type: 'array',
    value: [
      { type: 'string', value: 'a' },
      { type: 'string', value: 'b' },
    ],
  });
  assert.equal(root.events.length, 1);
  assert.equal(root.events[0]?.name, 'validated');
  assert.equal(root.events[0]?.timeUnixNano, 1_700_000_000_200_000_000n);
  assert.deepEqual(attr(root.events[0]?.attributes ?? [], 'items.count'), {
    type: 'int',
    value: 3n,
  });
  assert.equal(child.links.length, 1);
  assert.equal(child.links[0]?.spanId, root.spanId);
  assert.equal(child.links[0]?.traceId, root.traceId);
  assert.equal(str(attr(child.links[0]?.attributes ?? [], 'why') ?? { type: 'empty' }), 'retry');
  assert.equal(
    str(attr(root.resource.attributes, 'service.name') ?? { type: 'empty' }),
    'checkout',
  );
  assert.deepEqual(attr(root.resource.attributes, 'host.cpus'), { type: 'int', value: 2n });
  assert.equal(root.scope.name, 'orders');
  assert.equal(root.scope.version, '1.2.3');
  assert.equal(root.flags & 0xff, 1, 'sampled');
}

describe('traces from the official OpenTelemetry JS serializers', () => {
  test('protobuf: every field comes back', async () => {
    const spans = await sdkSpans();
    const bytes = ProtobufTraceSerializer.serializeRequest(spans);
    assert.ok(bytes);
    checkSpans(
      decodeTracesProtobuf(bytes),
      spans.map((span) => ({
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
      })),
    );
  });

  test('JSON: every field comes back', async () => {
    const spans = await sdkSpans();
    const bytes = JsonTraceSerializer.serializeRequest(spans);
    assert.ok(bytes);
    checkSpans(
      decodeTracesJson(bytes),
      spans.map((span) => ({
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
      })),
    );
  });
});

async function sdkLogs() {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  provider.getLogger('app', '2.0.0').emit({
    timestamp: [1_700_000_000, 5],
    observedTimestamp: [1_700_000_000, 6],
    severityNumber: 17,
    severityText: 'ERROR',
    body: { msg: 'payment failed', code: 402 },
    attributes: { 'order.id': 'order-1' },
    context: undefined,
  });
  await provider.forceFlush();
  return exporter.getFinishedLogRecords();
}

function checkLogs(decoded: Decoded<LogData>) {
  assert.equal(decoded.rejected, 0);
  const [log] = decoded.items;
  assert.ok(log);
  assert.equal(log.timeUnixNano, 1_700_000_000_000_000_005n);
  assert.equal(log.observedTimeUnixNano, 1_700_000_000_000_000_006n);
  assert.equal(log.severityNumber, 17);
  assert.equal(log.severityText, 'ERROR');
  assert.deepEqual(log.body, {
    type: 'kvlist',
    value: [
      { key: 'msg', value: { type: 'string', value: 'payment failed' } },
      { key: 'code', value: { type: 'int', value: 402n } },
    ],
  });
  assert.deepEqual(attr(log.attributes, 'order.id'), { type: 'string', value: 'order-1' });
  assert.equal(log.traceId, '');
  assert.equal(log.scope.name, 'app');
}

describe('logs from the official serializers', () => {
  test('protobuf', async () => {
    const bytes = ProtobufLogsSerializer.serializeRequest(await sdkLogs());
    assert.ok(bytes);
    checkLogs(decodeLogsProtobuf(bytes));
  });
  test('JSON', async () => {
    const bytes = JsonLogsSerializer.serializeRequest(await sdkLogs());
    assert.ok(bytes);
    checkLogs(decodeLogsJson(bytes));
  });
});

describe("the specification's OTLP/JSON examples", () => {
  const dir = join(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'otlp-examples');
  const present = existsSync(dir);
  if (!present && process.env.OTEL_LAB_REQUIRE_ALL) {
    test('conformance data is present', () => assert.fail(`${dir} is missing`));
  }
  const skip = present ? false : `no conformance data at ${dir}`;
  test('trace.json decodes with its ids, kinds and attributes', { skip }, () => {
    const decoded = decodeTracesJson(readFileSync(join(dir, 'trace.json')));
    assert.equal(decoded.rejected, 0);
    assert.ok(decoded.items.length > 0);
    for (const span of decoded.items) {
      assert.match(span.traceId, /^[0-9a-f]{32}$/);
      assert.match(span.spanId, /^[0-9a-f]{16}$/);
      assert.ok(span.endTimeUnixNano >= span.startTimeUnixNano);
    }
  });
  test('logs.json decodes with its bodies', { skip }, () => {
    const decoded = decodeLogsJson(readFileSync(join(dir, 'logs.json')));
    assert.equal(decoded.rejected, 0);
    assert.ok(decoded.items.length > 0);
    assert.ok(decoded.items.every((log) => log.body.type !== 'empty'));
  });
});

describe('bad input is an OtlpDecodeError naming the problem, never a crash', () => {
  const rows: { name: string; input: string; error: RegExp }[] = [
    { name: 'not JSON', input: '{"resourceSpans": [', error: /invalid JSON/ },
    { name: 'not an object', input: '[]', error: /\$: must be an object/ },
    {
      name: 'resourceSpans not an array',
      input: '{"resourceSpans": 3}',
      error: /resourceSpans: must be an array/,
    },
    {
      name: 'id not hex',
      input: '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}',
      error: /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: must be a hex string/,
    },
    {
      name: 'time not an integer',
      input: '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"soon"}]}]}]}',
      error: /startTimeUnixNano: must be an integer/,
    },
    {
      name: 'time out of range',
      input:
        '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"99999999999999999999999"}]}]}]}',
      error: /out of range/,
    },
    {
      name: 'bool attribute of the wrong type',
      input:
        '{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"boolValue":"yes"}}]}}]}',
      error: /resource\.attributes\[0\]\.value\.boolValue: must be a boolean/,
    },
    {
      name: 'nesting deep enough to exhaust the stack',
      input: `{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":${'{"arrayValue":{"values":['.repeat(20_000)}${']}}'.repeat(20_000)}}]}}]}`,
      error: /nested too deeply|invalid JSON/,
    },
  ];
  for (const row of rows) {
    test(row.name, () => {
      assert.throws(
        () => decodeTracesJson(row.input),
        (error: unknown) => {
          assert.ok(error instanceof OtlpDecodeError, String(error));
          assert.match(error.message, row.error);
          return true;
        },
      );
    });
  }

  test('unknown fields are ignored, 64-bit integers may be numbers or strings', () => {
    const decoded = decodeTracesJson(
      JSON.stringify({
        futureField: 1,
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: '5B8EFFF798038103D269B633813FC60C',
                    spanId: 'EEE19B7EC3C1B174',
                    name: 'x',
                    startTimeUnixNano: 1544712660000000000,
                    endTimeUnixNano: '1544712661000000000',
                    attributes: [{ key: 'n', value: { intValue: '9007199254740993' } }],
                    somethingNew: { a: 1 },
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    const [span] = decoded.items;
    assert.equal(span?.traceId, '5b8efff798038103d269b633813fc60c');
    assert.equal(span?.endTimeUnixNano, 1544712661000000000n);
    assert.deepEqual(span?.attributes[0]?.value, { type: 'int', value: 9007199254740993n });
  });

  test('spans with invalid ids are rejected and counted, the rest kept', () => {
    const span = (traceId: string, spanId: string) => ({
      traceId,
      spanId,
      name: `${traceId}/${spanId}`,
    });
    const decoded = decodeTracesJson(
      JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  span('5b8efff798038103d269b633813fc60c', 'eee19b7ec3c1b174'),
                  span('', 'eee19b7ec3c1b174'),
                  span('00000000000000000000000000000000', 'eee19b7ec3c1b174'),
                  span('5b8efff798038103d269b633813fc60c', 'abc'),
                ],
              },
            ],
          },
        ],
      }),
    );
    assert.equal(decoded.items.length, 1);
    assert.equal(decoded.rejected, 3);
    assert.match(decoded.rejectionReason, /trace id must be 16 bytes/);
  });

  test('random and truncated protobuf never crashes or hangs', async () => {
    const valid = ProtobufTraceSerializer.serializeRequest(await sdkSpans()) ?? new Uint8Array();
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let round = 0; round < 2000; round += 1) {
      const input = Uint8Array.from(valid);
      if (round % 2 === 0) {
        for (let flips = 0; flips < 4; flips += 1)
          input[Math.floor(random() * input.length)] = Math.floor(random() * 256);
      }
      const cut = round % 2 === 1 ? input.subarray(0, Math.floor(random() * input.length)) : input;
      try {
        decodeTracesProtobuf(cut);
      } catch (error) {
        assert.ok(error instanceof OtlpDecodeError, `round ${round}: ${String(error)}`);
      }
    }
  });
});
