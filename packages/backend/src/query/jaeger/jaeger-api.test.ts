import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { call } from '@otel-lab/testkit';
import { fixturesSkip, JAEGER_FIXTURES, startJaegerTestServer } from './fixture-server.js';

const T0 = 1_700_000_000_000_000_000n; // ns
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

function span(fields: Record<string, unknown>) {
  return { traceId: TRACE, status: {}, ...fields };
}

const shop = {
  resourceSpans: [
    {
      resource: { attributes: [str('service.name', 'shop'), str('host.name', 'box')] },
      scopeSpans: [
        {
          scope: { name: '@opentelemetry/instrumentation-http', version: '0.200.0' },
          spans: [
            span({
              spanId: 'b7ad6b7169203331',
              name: 'GET /orders',
              kind: 2,
              startTimeUnixNano: String(T0),
              endTimeUnixNano: String(T0 + 250_000_000n),
              traceState: 'vendor=1',
              attributes: [
                str('http.request.method', 'GET'),
                str('note', 'say "hi" — ünï\\code'),
                { key: 'http.response.status_code', value: { intValue: '500' } },
                { key: 'big', value: { intValue: '9223372036854775807' } },
                { key: 'ratio', value: { doubleValue: 0.5 } },
                { key: 'ok', value: { boolValue: false } },
                { key: 'raw', value: { bytesValue: 'AAAwOQ==' } },
                {
                  key: 'list',
                  value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 2 }] } },
                },
              ],
              events: [
                {
                  timeUnixNano: String(T0 + 1_000n),
                  name: 'exception',
                  attributes: [str('exception.type', 'Boom')],
                },
              ],
              status: { code: 2, message: 'it broke' },
            }),
            span({
              spanId: '00f067aa0ba902b7',
              parentSpanId: 'b7ad6b7169203331',
              name: 'SELECT orders',
              kind: 3,
              startTimeUnixNano: String(T0 + 10_000_000n),
              endTimeUnixNano: String(T0 + 20_000_000n),
              links: [{ traceId: '00000000000000000000000000000001', spanId: '0000000000000002' }],
              status: { code: 1 },
            }),
          ],
        },
      ],
    },
    {
      resource: { attributes: [str('service.name', 'payment')] },
      scopeSpans: [
        {
          scope: {},
          spans: [
            span({
              traceId: '00000000000000000000000000000abc',
              spanId: '1111111111111111',
              name: 'charge',
              kind: 2,
              startTimeUnixNano: String(T0 - 3_600_000_000_000n),
              endTimeUnixNano: String(T0 - 3_600_000_000_000n + 5_000n),
            }),
          ],
        },
      ],
    },
  ],
};

const NOW = () => T0 + 60_000_000_000n;
const micros = (ns: bigint) => String(ns / 1000n);

describe('Jaeger API over a store', () => {
  let server: Awaited<ReturnType<typeof startJaegerTestServer>>;
  const get = (path: string) => call(server.baseUrl, 'GET', path);
  before(async () => {
    server = await startJaegerTestServer([shop, shop], { now: NOW });
  });
  after(() => server.close());

  test('/api/services and operations', async () => {
    const rows: [string, unknown][] = [
      ['/api/services', { data: ['payment', 'shop'], total: 2, limit: 0, offset: 0, errors: null }],
      [
        '/api/services/shop/operations',
        { data: ['GET /orders', 'SELECT orders'], total: 2, limit: 0, offset: 0, errors: null },
      ],
      [
        '/api/services/nobody/operations',
        { data: [], total: 0, limit: 0, offset: 0, errors: null },
      ],
      [
        '/api/operations?service=shop',
        {
          data: [
            { name: 'GET /orders', spanKind: 'server' },
            { name: 'SELECT orders', spanKind: 'client' },
          ],
          total: 2,
          limit: 0,
          offset: 0,
          errors: null,
        },
      ],
      [
        '/api/operations?service=shop&spanKind=client',
        {
          data: [{ name: 'SELECT orders', spanKind: 'client' }],
          total: 1,
          limit: 0,
          offset: 0,
          errors: null,
        },
      ],
      [
        '/api/operations?service=shop&spanKind=weird',
        { data: [], total: 0, limit: 0, offset: 0, errors: null },
      ],
    ];
    for (const [path, expected] of rows) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      assert.deepEqual(response.json, expected, path);
    }
  });

  test('/api/traces/{id}: the OTLP→Jaeger translation, duplicates collapsed unless raw', async () => {
    const response = await get(`/api/traces/${TRACE}`);
    assert.equal(response.status, 200);
    const { data, total, limit, offset, errors } = response.json;
    assert.deepEqual(
      { total, limit, offset, errors },
      { total: 0, limit: 0, offset: 0, errors: null },
    );
    assert.equal(data.length, 1);
    const trace = data[0];
    assert.equal(trace.traceID, TRACE);
    assert.equal(trace.spans.length, 2, 'the re-sent batch is shown once');
    assert.deepEqual(trace.processes, {
      p1: { serviceName: 'shop', tags: [{ key: 'host.name', type: 'string', value: 'box' }] },
    });
    const [root, child] = trace.spans;
    assert.deepEqual(root, {
      traceID: TRACE,
      spanID: 'b7ad6b7169203331',
      operationName: 'GET /orders',
      references: [],
      startTime: Number(T0 / 1000n),
      duration: 250_000,
      tags: [
        { key: 'otel.scope.name', type: 'string', value: '@opentelemetry/instrumentation-http' },
        { key: 'otel.scope.version', type: 'string', value: '0.200.0' },
        { key: 'http.request.method', type: 'string', value: 'GET' },
        { key: 'note', type: 'string', value: 'say "hi" — ünï\\code' },
        { key: 'http.response.status_code', type: 'int64', value: 500 },
        { key: 'big', type: 'int64', value: '9223372036854775807' },
        { key: 'ratio', type: 'float64', value: 0.5 },
        { key: 'ok', type: 'bool', value: false },
        { key: 'raw', type: 'binary', value: 'AAAwOQ==' },
        { key: 'list', type: 'string', value: '["a",2]' },
        { key: 'span.kind', type: 'string', value: 'server' },
        { key: 'otel.status_code', type: 'string', value: 'ERROR' },
        { key: 'error', type: 'bool', value: true },
        { key: 'otel.status_description', type: 'string', value: 'it broke' },
        { key: 'w3c.tracestate', type: 'string', value: 'vendor=1' },
      ],
      logs: [
        {
          timestamp: Number(T0 / 1000n) + 1,
          fields: [
            { key: 'event', type: 'string', value: 'exception' },
            { key: 'exception.type', type: 'string', value: 'Boom' },
          ],
        },
      ],
      processID: 'p1',
      warnings: null,
    });
    assert.deepEqual(child.references, [
      { refType: 'CHILD_OF', traceID: TRACE, spanID: 'b7ad6b7169203331' },
      { refType: 'FOLLOWS_FROM', traceID: '0000000000000001', spanID: '0000000000000002' },
    ]);
    assert.deepEqual(child.tags.slice(-2), [
      { key: 'span.kind', type: 'string', value: 'client' },
      { key: 'otel.status_code', type: 'string', value: 'OK' },
    ]);
    const raw = await get(`/api/traces/${TRACE}?raw=true`);
    assert.equal(raw.json.data[0].spans.length, 4);
    const short = await get('/api/traces/abc');
    assert.equal(short.json.data[0].traceID, '0000000000000abc');
  });

  test('/api/traces search', async () => {
    const rows: [string, string[]][] = [
      ['service=shop', [TRACE]],
      ['service=payment', ['0000000000000abc']],
      ['service=payment&lookback=30m', []],
      [
        `service=payment&start=${micros(T0 - 7_200_000_000_000n)}&end=${micros(T0)}`,
        ['0000000000000abc'],
      ],
      ['service=shop&operation=SELECT%20orders', [TRACE]],
      ['service=shop&operation=nope', []],
      ['service=shop&minDuration=200ms', [TRACE]],
      ['service=shop&minDuration=300ms', []],
      ['service=shop&maxDuration=15ms&operation=GET%20%2Forders', []],
      ['service=shop&maxDuration=15ms', [TRACE]],
      [`service=shop&tags=${encodeURIComponent('{"http.response.status_code":"500"}')}`, [TRACE]],
      [`service=shop&tags=${encodeURIComponent('{"http.response.status_code":"200"}')}`, []],
      [`service=shop&tags=${encodeURIComponent('{"error":"true","host.name":"box"}')}`, [TRACE]],
      [
        `service=shop&tags=${encodeURIComponent('{"exception.type":"Boom","ratio":"0.5"}')}`,
        [TRACE],
      ],
      [
        `service=shop&tags=${encodeURIComponent(JSON.stringify({ note: 'say "hi" — ünï\\code' }))}`,
        [TRACE],
      ],
      ['service=shop&tag=note:say', []],
      ['service=shop&tag=span.kind:client', [TRACE]],
      ['service=shop&tag=otel.scope.name:%40opentelemetry%2Finstrumentation-http', [TRACE]],
      ['service=shop&tag=error:true&operation=SELECT%20orders', []],
      [`service=shop&tags=${encodeURIComponent(`{"x') OR 1=1 --":"y"}`)}`, []],
      ['traceID=abc&traceID=ffff', ['0000000000000abc']],
    ];
    for (const [query, expected] of rows) {
      const response = await get(`/api/traces?${query}`);
      assert.equal(response.status, 200, `${query}: ${response.text}`);
      assert.deepEqual(
        response.json.data.map((trace: { traceID: string }) => trace.traceID),
        expected,
        query,
      );
    }
    const partial = await get('/api/traces?traceID=abc&traceID=ffff');
    assert.deepEqual(partial.json.errors, [
      { msg: 'trace not found', traceID: '000000000000ffff' },
    ]);
    const limited = await get('/api/traces?service=shop&limit=1');
    assert.equal(limited.json.data.length, 1);
  });

  test('errors: 400 for bad parameters, 404 for unknown traces, 405 for other methods', async () => {
    const rows: [string, number, string][] = [
      ['/api/traces', 400, "parameter 'service' is required"],
      [
        '/api/traces?service=shop&minDuration=fast',
        400,
        `unable to parse param 'minDuration': time: invalid duration "fast"`,
      ],
      ['/api/traces?service=shop&limit=-1', 400, 'invalid parameter: limit must be greater than 0'],
      [
        '/api/traces?service=shop&limit=2147483647',
        400,
        'invalid parameter: limit must be at most 1500',
      ],
      [
        '/api/traces?service=shop&tags=%5B',
        400,
        "malformed 'tags' parameter, cannot unmarshal JSON",
      ],
      ['/api/traces/nothex', 400, 'strconv.ParseUint: parsing "nothex": invalid syntax'],
      ['/api/traces/1234?start=soon', 400, `unable to parse param 'start'`],
      ['/api/operations', 400, "parameter 'service' is required"],
      ['/api/traces/00000000000000000000000000000fff', 404, 'trace not found'],
    ];
    for (const [path, status, message] of rows) {
      const response = await get(path);
      assert.equal(response.status, status, path);
      assert.deepEqual(
        { ...response.json, errors: undefined },
        { data: null, total: 0, limit: 0, offset: 0, errors: undefined },
        path,
      );
      assert.equal(response.json.errors.length, 1);
      assert.equal(response.json.errors[0].code, status);
      assert.ok(
        response.json.errors[0].msg.startsWith(message),
        `${path}: ${response.json.errors[0].msg}`,
      );
    }
    assert.equal((await call(server.baseUrl, 'POST', '/api/traces')).status, 405);
    // Times past what nanoseconds in a BIGINT hold find nothing, rather than failing the query.
    const far = await get(
      '/api/traces?service=shop&start=9223372036854775000&end=9223372036854775807',
    );
    assert.deepEqual([far.status, far.json.data], [200, []]);
    const other = await get('/api/status');
    assert.equal(other.status, 418, 'paths outside the Jaeger API are left to the next handler');
  });
});

describe("Jaeger's OTLP→Jaeger fixture", () => {
  const skip = fixturesSkip();
  test('/api/traces/{id}?raw=true gives otlp2jaeger-out.json', { skip }, async () => {
    const input = JSON.parse(
      readFileSync(join(JAEGER_FIXTURES, 'transform', 'otlp2jaeger-in.json'), 'utf8'),
    );
    const expected = JSON.parse(
      readFileSync(join(JAEGER_FIXTURES, 'transform', 'otlp2jaeger-out.json'), 'utf8'),
    );
    const server = await startJaegerTestServer([input]);
    try {
      const id = expected.data[0].traceID;
      const raw = await call(server.baseUrl, 'GET', `/api/traces/${id}?raw=true`);
      assert.deepEqual(raw.json, expected);
      // Without raw, Jaeger's deduplication keeps one of the two identical spans.
      const adjusted = await call(server.baseUrl, 'GET', `/api/traces/${id}`);
      assert.deepEqual(adjusted.json.data[0].spans, [expected.data[0].spans[0]]);
    } finally {
      await server.close();
    }
  });
});
