import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '@otel-lab/testkit';
import Long from 'long';
import protobuf from 'protobufjs';
import { routeHandlerOf } from '../../serve/query-router.js';
import { startQueryTestServer } from '../jaeger/fixture-server.js';
import { registerJaegerApi } from '../jaeger/jaeger-api.js';
import { registerTempoApi, TEMPO_VERSION, tempoTraceProtobufRoute } from './tempo-api.js';
import { tempoRoot } from './tempo-proto.js';

// 64-bit fields decode to Long, read back as decimal strings: exact past 2^53.
protobuf.util.Long = Long;
protobuf.configure();

const T0 = 1_700_000_000_000_000_000n; // ns, 2023-11-14T22:13:20Z
const T0_S = T0 / 1_000_000_000n;
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SHORT_TRACE = '00000000000000000000000000abc123';
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

const resourceSpans = (service: string, spans: unknown[]) => ({
  resource: { attributes: [str('service.name', service)] },
  scopeSpans: [{ scope: { name: 'lib', version: '1.0' }, spans }],
});
const STORED = {
  resourceSpans: [
    resourceSpans('shop', [
      {
        traceId: TRACE,
        spanId: 'b7ad6b7169203331',
        name: 'GET /orders',
        kind: 2,
        startTimeUnixNano: String(T0 + 1n),
        endTimeUnixNano: String(T0 + 250_000_001n),
        attributes: [
          str('http.request.method', 'GET'),
          { key: 'http.response.status_code', value: { intValue: '500' } },
          { key: 'ratio', value: { doubleValue: 0.5 } },
        ],
        events: [{ timeUnixNano: String(T0 + 1_000n), name: 'exception' }],
        links: [{ traceId: SHORT_TRACE, spanId: '0000000000000002' }],
        status: { code: 2, message: 'it broke' },
      },
    ]),
    resourceSpans('payments', [
      {
        traceId: TRACE,
        spanId: '00f067aa0ba902b7',
        parentSpanId: 'b7ad6b7169203331',
        name: 'charge',
        kind: 3,
        startTimeUnixNano: String(T0 + 10_000_000n),
        endTimeUnixNano: String(T0 + 90_000_000n),
        attributes: [{ key: 'payment.slow', value: { boolValue: true } }],
      },
    ]),
    resourceSpans('batch', [
      {
        traceId: SHORT_TRACE,
        spanId: '0000000000000002',
        name: 'nightly',
        startTimeUnixNano: String(T0),
        endTimeUnixNano: String(T0 + 1n),
      },
    ]),
  ],
};

type Json = Record<string, unknown>;
const hex = (bytes: unknown) => Buffer.from(bytes as Uint8Array).toString('hex');

/** The spans of decoded ResourceSpans, flattened to what a reader of the trace compares. */
function spansOf(resources: Json[]): Json[] {
  return resources.flatMap((resource) => {
    const service = (resource.resource as { attributes: Json[] }).attributes[0];
    return (resource.scopeSpans as Json[]).flatMap((scope) =>
      (scope.spans as Json[]).map((span): Json => ({ service, ...span })),
    );
  });
}

describe('Tempo API on the query port', () => {
  let server: Awaited<ReturnType<typeof startQueryTestServer>>;
  const get = (path: string, headers: Record<string, string> = {}) =>
    call(server.baseUrl, 'GET', path, { headers });
  const getBytes = async (path: string) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      headers: { accept: 'application/protobuf' },
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: new Uint8Array(await response.arrayBuffer()),
    };
  };

  before(async () => {
    // As main.ts registers them: Jaeger's /api/traces/{id} hands protobuf requests to Tempo.
    server = await startQueryTestServer([STORED], (reader) =>
      routeHandlerOf((router) => {
        registerJaegerApi(router, reader, { protobufTrace: tempoTraceProtobufRoute(reader) });
        registerTempoApi(router, reader);
      }),
    );
  });
  after(() => server.close());

  test('/api/echo and /api/status/buildinfo answer as Tempo does', async () => {
    const echo = await get('/api/echo');
    assert.equal(echo.status, 200);
    assert.equal(echo.text, 'echo');
    assert.match(String(echo.headers['content-type']), /^text\/plain/);
    const info = await get('/api/status/buildinfo');
    assert.equal(info.status, 200);
    assert.deepEqual(Object.keys(info.json as Json).sort(), [
      'branch',
      'buildDate',
      'buildUser',
      'goVersion',
      'revision',
      'version',
    ]);
    assert.equal((info.json as Json).version, TEMPO_VERSION);
  });

  test('/api/v2/traces/{id} as protobuf is a TraceByIDResponse holding the stored spans', async () => {
    const answer = await getBytes(`/api/v2/traces/${TRACE}`);
    assert.equal(answer.status, 200);
    assert.equal(answer.type, 'application/protobuf');
    const decoded = tempoRoot.lookupType('otlp.TraceByIDResponse').decode(answer.body);
    const object = tempoRoot
      .lookupType('otlp.TraceByIDResponse')
      .toObject(decoded, { longs: String }) as { trace: { resourceSpans: Json[] } };
    const spans = spansOf(object.trace.resourceSpans);
    assert.deepEqual(
      spans.map((span) => [
        (span.service as Json).key,
        hex(span.traceId),
        hex(span.spanId),
        hex(span.parentSpanId ?? []),
        span.name,
        span.kind,
        span.startTimeUnixNano,
        span.endTimeUnixNano,
      ]),
      [
        [
          'service.name',
          TRACE,
          'b7ad6b7169203331',
          '',
          'GET /orders',
          2,
          String(T0 + 1n),
          String(T0 + 250_000_001n),
        ],
        [
          'service.name',
          TRACE,
          '00f067aa0ba902b7',
          'b7ad6b7169203331',
          'charge',
          3,
          String(T0 + 10_000_000n),
          String(T0 + 90_000_000n),
        ],
      ],
    );
    const [orders = {}, charge = {}] = spans;
    assert.deepEqual(orders.attributes, [
      str('http.request.method', 'GET'),
      { key: 'http.response.status_code', value: { intValue: '500' } },
      { key: 'ratio', value: { doubleValue: 0.5 } },
    ]);
    assert.deepEqual(orders.status, { code: 2, message: 'it broke' });
    assert.equal((orders.events as Json[])[0]?.name, 'exception');
    assert.equal(hex((orders.links as Json[])[0]?.traceId), SHORT_TRACE);
    assert.deepEqual(charge.attributes, [{ key: 'payment.slow', value: { boolValue: true } }]);
  });

  test('/api/v2/traces/{id} without protobuf is Tempo JSON: base64 ids, enum names', async () => {
    const answer = await get(`/api/v2/traces/${TRACE}`);
    assert.equal(answer.status, 200);
    const { trace } = answer.json as { trace: { resourceSpans: Json[] } };
    const [orders = {}] = spansOf(trace.resourceSpans);
    assert.equal(orders.traceId, Buffer.from(TRACE, 'hex').toString('base64'));
    assert.equal(orders.spanId, Buffer.from('b7ad6b7169203331', 'hex').toString('base64'));
    assert.equal(orders.kind, 'SPAN_KIND_SERVER');
    assert.deepEqual(orders.status, { message: 'it broke', code: 'STATUS_CODE_ERROR' });
    assert.equal(orders.startTimeUnixNano, String(T0 + 1n));
    assert.equal(spansOf(trace.resourceSpans).length, 2);
  });

  test('a short id is left-padded; start and end narrow the search', async () => {
    const cases: [string, number][] = [
      ['/api/v2/traces/abc123', 200],
      [`/api/v2/traces/abc123?start=${T0_S - 10n}&end=${T0_S + 10n}`, 200],
      [`/api/v2/traces/abc123?start=${T0_S + 10n}&end=${T0_S + 20n}`, 404],
      [`/api/v2/traces/abc123?end=${T0_S - 10n}`, 404],
    ];
    for (const [path, status] of cases) {
      assert.equal((await get(path)).status, status, path);
    }
  });

  test('unknown traces are 404, malformed ids and times 400, in plain text', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/v2/traces/0123456789abcdef0123456789abcdef', 404, /^trace not found/],
      ['/api/v2/traces/xyz', 400, /hex characters/],
      [`/api/v2/traces/${TRACE}00`, 400, /larger than 128 bits/],
      [`/api/v2/traces/${TRACE}?start=yesterday`, 400, /invalid start/],
      [`/api/v2/traces/${TRACE}?start=20&end=10`, 400, /end is before start/],
    ];
    for (const [path, status, message] of cases) {
      const answer = await get(path, { accept: 'application/protobuf' });
      assert.equal(answer.status, status, path);
      assert.match(answer.text, message, path);
      assert.match(String(answer.headers['content-type']), /^text\/plain/, path);
    }
  });

  test('/api/traces/{id} is Tempo Trace protobuf only when Accept asks for it', async () => {
    const answer = await getBytes(`/api/traces/${TRACE}`);
    assert.equal(answer.status, 200);
    assert.equal(answer.type, 'application/protobuf');
    const trace = tempoRoot.lookupType('otlp.TempoTrace').decode(answer.body) as unknown as {
      resourceSpans: Json[];
    };
    assert.deepEqual(
      spansOf(trace.resourceSpans).map((span) => [hex(span.spanId), span.name]),
      [
        ['b7ad6b7169203331', 'GET /orders'],
        ['00f067aa0ba902b7', 'charge'],
      ],
    );
    // The same bytes are OTLP's TracesData: field 1, repeated ResourceSpans.
    const asTracesData = tempoRoot.lookupType('otlp.ExportTraceServiceRequest').decode(answer.body);
    assert.equal((asTracesData as unknown as { resourceSpans: Json[] }).resourceSpans.length, 2);
    assert.equal((await getBytes('/api/traces/0123456789abcdef0123456789abcdef')).status, 404);

    const jaeger = await get(`/api/traces/${TRACE}`);
    assert.equal(jaeger.status, 200);
    const { data, errors } = jaeger.json as { data: Json[]; errors: unknown };
    assert.equal(errors, null);
    assert.equal(data[0]?.traceID, TRACE);
    assert.deepEqual(((data[0]?.spans ?? []) as Json[]).map((span) => span.operationName).sort(), [
      'GET /orders',
      'charge',
    ]);
    const missing = await get('/api/traces/0123456789abcdef0123456789abcdef');
    assert.deepEqual((missing.json as { errors: unknown }).errors, [
      { code: 404, msg: 'trace not found' },
    ]);
  });
});
