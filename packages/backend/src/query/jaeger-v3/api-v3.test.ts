import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { call } from '@otel-lab/testkit';
import { fixturesSkip, JAEGER_FIXTURES, startQueryTestServer } from '../jaeger/fixture-server.js';
import { createJaegerApiV3Handler } from './api-v3.js';

const T0 = 1_700_000_000_000_000_000n; // ns, 2023-11-14T22:13:20Z
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const iso = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString();

/** OTLP/JSON in the form api_v3 writes it, so what comes back must equal what went in. */
const shopResourceSpans = [
  {
    resource: {
      attributes: [str('service.name', 'shop'), str('host.name', 'box')],
      droppedAttributesCount: 1,
    },
    schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
    scopeSpans: [
      {
        scope: {
          name: '@opentelemetry/instrumentation-http',
          version: '0.200.0',
          attributes: [str('scope.attr', 'x')],
        },
        schemaUrl: 'https://opentelemetry.io/schemas/1.29.0',
        spans: [
          {
            traceId: TRACE,
            spanId: 'b7ad6b7169203331',
            traceState: 'vendor=1',
            flags: 257,
            name: 'GET /orders',
            kind: 2,
            startTimeUnixNano: String(T0),
            endTimeUnixNano: String(T0 + 250_000_000n),
            attributes: [
              str('http.request.method', 'GET'),
              { key: 'http.response.status_code', value: { intValue: '500' } },
              { key: 'ratio', value: { doubleValue: 0.5 } },
              { key: 'ok', value: { boolValue: false } },
              { key: 'raw', value: { bytesValue: 'AAAwOQ==' } },
              {
                key: 'list',
                value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }] } },
              },
              { key: 'map', value: { kvlistValue: { values: [str('k', 'v')] } } },
              str('empty', ''),
            ],
            droppedAttributesCount: 2,
            events: [
              {
                timeUnixNano: String(T0 + 1_000n),
                name: 'exception',
                attributes: [str('exception.type', 'Boom')],
              },
              { timeUnixNano: String(T0 + 2_000n), droppedAttributesCount: 3 },
            ],
            droppedEventsCount: 4,
            links: [
              {
                traceId: '00000000000000000000000000000001',
                spanId: '0000000000000002',
                traceState: 'a=b',
                attributes: [str('opentracing.ref_type', 'follows_from')],
                flags: 1,
              },
            ],
            droppedLinksCount: 5,
            status: { code: 2, message: 'it broke' },
          },
        ],
      },
      {
        scope: { name: 'db' },
        spans: [
          {
            traceId: TRACE,
            spanId: '00f067aa0ba902b7',
            parentSpanId: 'b7ad6b7169203331',
            name: 'SELECT orders',
            kind: 3,
            startTimeUnixNano: String(T0 + 10_000_000n),
            endTimeUnixNano: String(T0 + 20_000_000n),
            status: { code: 1 },
          },
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
          {
            traceId: TRACE,
            spanId: '1111111111111111',
            parentSpanId: '00f067aa0ba902b7',
            name: 'charge',
            startTimeUnixNano: String(T0 + 12_000_000n),
            endTimeUnixNano: String(T0 + 13_000_000n),
            status: {},
          },
        ],
      },
    ],
  },
];

interface KeyValue {
  key: string;
}
interface ClonedResourceSpans {
  resource: { attributes: KeyValue[] };
  scopeSpans: { spans: { attributes: KeyValue[]; events: unknown[] }[] }[];
}

/** `list` in the order of `keys`. */
const keyed = (keys: string[], list: KeyValue[]) =>
  keys.map((key) => list.find((kv) => kv.key === key) as KeyValue);

/**
 * What Jaeger's SortCollections adjuster makes of shopResourceSpans: resource, scope, span,
 * event and link attributes by key, events by name.
 */
const SORTED = (() => {
  const sorted = structuredClone(shopResourceSpans) as unknown as ClonedResourceSpans[];
  const shop = sorted[0] as ClonedResourceSpans;
  shop.resource.attributes = keyed(['host.name', 'service.name'], shop.resource.attributes);
  const span = shop.scopeSpans[0]?.spans[0] as ClonedResourceSpans['scopeSpans'][0]['spans'][0];
  span.attributes = keyed(
    [
      'empty',
      'http.request.method',
      'http.response.status_code',
      'list',
      'map',
      'ok',
      'ratio',
      'raw',
    ],
    span.attributes,
  );
  span.events = [span.events[1], span.events[0]];
  return sorted;
})();

const other = {
  resourceSpans: [
    {
      resource: { attributes: [str('service.name', 'payment')] },
      scopeSpans: [
        {
          scope: {},
          spans: [
            {
              traceId: '00000000000000000000000000000abc',
              spanId: '2222222222222222',
              name: 'refund',
              kind: 2,
              startTimeUnixNano: String(T0 - 3_600_000_000_000n),
              endTimeUnixNano: String(T0 - 3_600_000_000_000n + 5_000n),
              status: {},
            },
          ],
        },
      ],
    },
  ],
};

const WINDOW = `query.startTimeMin=${iso(T0 - 7_200_000_000_000n)}&query.startTimeMax=${iso(T0 + 1_000_000_000n)}`;

describe('Jaeger api_v3 over a store', () => {
  let server: Awaited<ReturnType<typeof startQueryTestServer>>;
  const get = (path: string) => call(server.baseUrl, 'GET', path);
  before(async () => {
    const shop = { resourceSpans: shopResourceSpans };
    server = await startQueryTestServer([shop, shop, other], (reader) =>
      createJaegerApiV3Handler(reader),
    );
  });
  after(() => server.close());

  test('/api/v3/services and /api/v3/operations', async () => {
    const rows: [string, unknown][] = [
      ['/api/v3/services', { services: ['payment', 'shop'] }],
      [
        '/api/v3/operations?service=shop',
        {
          operations: [
            { name: 'GET /orders', spanKind: 'server' },
            { name: 'SELECT orders', spanKind: 'client' },
          ],
        },
      ],
      [
        '/api/v3/operations?service=payment',
        {
          operations: [
            { name: 'charge', spanKind: 'internal' },
            { name: 'refund', spanKind: 'server' },
          ],
        },
      ],
      [
        '/api/v3/operations?service=shop&spanKind=client',
        { operations: [{ name: 'SELECT orders', spanKind: 'client' }] },
      ],
      [
        '/api/v3/operations?service=shop&span_kind=server',
        { operations: [{ name: 'GET /orders', spanKind: 'server' }] },
      ],
      ['/api/v3/operations?service=shop&spanKind=weird', { operations: [] }],
      ['/api/v3/operations?service=nobody', { operations: [] }],
    ];
    for (const [path, expected] of rows) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers['content-type'], 'application/json');
      assert.deepEqual(response.json, expected, path);
    }
  });

  test('/api/v3/traces/{id}: the stored OTLP comes back as it went in', async () => {
    const raw = await get(`/api/v3/traces/${TRACE}?rawTraces=true`);
    assert.equal(raw.status, 200, raw.text);
    // Each batch's spans grouped by resource and scope: the re-sent batch joins the same groups.
    const merged = shopResourceSpans.map((rs) => ({
      ...rs,
      scopeSpans: rs.scopeSpans.map((ss) => ({ ...ss, spans: [...ss.spans, ...ss.spans] })),
    }));
    assert.deepEqual(raw.json, { result: { resourceSpans: merged } });
    const adjusted = await get(`/api/v3/traces/${TRACE}`);
    assert.deepEqual(adjusted.json, { result: { resourceSpans: SORTED } });
    const ids: [string, string][] = [
      ['abc', '00000000000000000000000000000abc'],
      ['AAAAAAAAAAAAAAAAAAAKvA==', '00000000000000000000000000000abc'],
      ['AAAAAAAAAAAAAAAAAAAKvA', '00000000000000000000000000000abc'],
      [encodeURIComponent('CvdlGRbNQ92ESOshHIAxnA=='), TRACE],
      [
        `${TRACE}?startTime=2000-01-02T12:30:08.999999998Z&end_time=2100-04-05T21:55:16%2B08:00`,
        TRACE,
      ],
    ];
    for (const [id, expected] of ids) {
      const response = await get(`/api/v3/traces/${id}`);
      assert.equal(response.status, 200, `${id}: ${response.text}`);
      const spans = response.json.result.resourceSpans[0].scopeSpans[0].spans;
      assert.equal(spans[0].traceId, expected, id);
    }
  });

  test('/api/v3/traces search', async () => {
    const rows: [string, string[]][] = [
      ['query.serviceName=shop', [TRACE]],
      ['query.service_name=payment', [TRACE, '00000000000000000000000000000abc']],
      ['query.serviceName=payment&query.searchDepth=1', [TRACE]],
      ['query.serviceName=payment&query.num_traces=1', [TRACE]],
      [
        'query.serviceName=payment&query.operationName=refund',
        ['00000000000000000000000000000abc'],
      ],
      ['query.serviceName=payment&query.operation_name=charge', [TRACE]],
      ['query.serviceName=shop&query.durationMin=200ms', [TRACE]],
      ['query.serviceName=shop&query.duration_max=15ms', [TRACE]],
      [
        `query.serviceName=shop&query.attributes=${encodeURIComponent('{"http.response.status_code":"500","host.name":"box"}')}`,
        [TRACE],
      ],
      [
        `query.serviceName=shop&query.attributes=${encodeURIComponent('{"error":"true","ratio":"0.5"}')}`,
        [TRACE],
      ],
    ];
    for (const [query, expected] of rows) {
      const response = await get(`/api/v3/traces?${WINDOW}&${query}`);
      assert.equal(response.status, 200, `${query}: ${response.text}`);
      const ids = response.json.result.resourceSpans.map(
        (rs: { scopeSpans: { spans: { traceId: string }[] }[] }) =>
          rs.scopeSpans[0]?.spans[0]?.traceId,
      );
      assert.deepEqual([...new Set(ids)], expected, query);
    }
    const found = await get(`/api/v3/traces?${WINDOW}&query.serviceName=shop`);
    assert.deepEqual(found.json, { result: { resourceSpans: SORTED } });
    const raw = await get(`/api/v3/traces?${WINDOW}&query.serviceName=shop&query.rawTraces=true`);
    assert.equal(raw.json.result.resourceSpans[0].scopeSpans[0].spans.length, 2);
  });

  test('errors: {error: {httpCode, message}} as Go http.Error writes it', async () => {
    const search = (query: string) => `/api/v3/traces?${WINDOW}&${query}`;
    const rows: [string, number, string][] = [
      [
        '/api/v3/traces?query.serviceName=shop',
        400,
        'query.startTimeMin and query.startTimeMax are required',
      ],
      [
        '/api/v3/traces?query.start_time_min=abc&query.start_time_max=2024-01-01T00:00:00Z',
        400,
        'malformed parameter query.start_time_min: parsing time "abc"',
      ],
      [
        '/api/v3/traces?query.startTimeMin=2024-01-01T00:00:00Z&query.startTimeMax=2024-01-01T00:00:00Z',
        400,
        'query.startTimeMin must be before query.startTimeMax',
      ],
      [search(''), 400, 'this storage backend requires a service name to search'],
      [
        search('query.serviceName=shop&query.durationMin=fast'),
        400,
        'malformed parameter query.durationMin: time: invalid duration "fast"',
      ],
      [
        search('query.serviceName=shop&query.attributes=%5B'),
        400,
        'malformed parameter query.attributes',
      ],
      [
        search('query.serviceName=shop&query.searchDepth=ten'),
        400,
        'malformed parameter query.searchDepth: strconv.Atoi: parsing "ten": invalid syntax',
      ],
      [
        search('query.serviceName=shop&query.search_depth=9007199254740991'),
        400,
        'malformed parameter query.search_depth: must be at most 1500',
      ],
      [
        search('query.serviceName=shop&query.raw_traces=maybe'),
        400,
        'malformed parameter query.raw_traces',
      ],
      [search('query.serviceName=nobody'), 404, 'No traces found'],
      [
        '/api/v3/traces?query.serviceName=shop&query.startTimeMin=9000-01-01T00:00:00Z&query.startTimeMax=9999-12-31T23:59:59Z',
        404,
        'No traces found',
      ],
      ['/api/v3/traces/xyz', 400, 'malformed parameter trace_id'],
      ['/api/v3/traces/1?startTime=abc', 400, 'malformed parameter startTime'],
      ['/api/v3/traces/1?end_time=xyz', 400, 'malformed parameter end_time'],
      ['/api/v3/traces/1?rawTraces=foobar', 400, 'malformed parameter rawTraces'],
      ['/api/v3/traces/1?raw_traces=foobar', 400, 'malformed parameter raw_traces'],
      ['/api/v3/traces/fff', 404, 'No traces found'],
    ];
    for (const [path, status, message] of rows) {
      const response = await get(path);
      assert.equal(response.status, status, `${path}: ${response.text}`);
      assert.equal(response.headers['content-type'], 'text/plain; charset=utf-8');
      assert.deepEqual(Object.keys(response.json), ['error']);
      assert.equal(response.json.error.httpCode, status, path);
      assert.ok(response.json.error.message.startsWith(message), response.json.error.message);
    }
    assert.equal((await call(server.baseUrl, 'POST', '/api/v3/traces')).status, 405);
    assert.equal((await get('/api/v3/other')).status, 418, 'other paths go to the next handler');
  });
});

/** makeTestTrace() of Jaeger's api_v3 tests, as OTLP/JSON. */
const jaegerTestTrace = {
  resourceSpans: [
    {
      resource: {},
      scopeSpans: [
        {
          scope: {},
          spans: [
            {
              traceId: '00000000000000000000000000000001',
              spanId: '0000000000000002',
              name: 'foobar',
              kind: 2,
              status: { code: 2 },
            },
          ],
        },
      ],
    },
  ],
};

const getUsers = {
  resourceSpans: [
    {
      resource: { attributes: [str('service.name', 'foo')] },
      scopeSpans: [
        {
          scope: {},
          spans: [
            {
              traceId: TRACE,
              spanId: '0000000000000003',
              name: 'get_users',
              kind: 2,
              startTimeUnixNano: String(T0),
              endTimeUnixNano: String(T0 + 1_000n),
            },
          ],
        },
      ],
    },
  ],
};

describe("Jaeger api_v3's snapshots", () => {
  const skip = fixturesSkip();
  const snapshot = (name: string) =>
    JSON.parse(readFileSync(join(JAEGER_FIXTURES, 'apiv3-snapshots', `${name}.json`), 'utf8'));
  const cases: [string, unknown, string][] = [
    ['GetServices', getUsers, '/api/v3/services'],
    ['GetOperations', getUsers, '/api/v3/operations?service=foo&spanKind=server'],
    ['GetTrace', jaegerTestTrace, '/api/v3/traces/1'],
    [
      'FindTraces',
      jaegerTestTrace,
      // The span has no times and no service.name: it is stored at time 0, as unknown_service.
      '/api/v3/traces?query.serviceName=unknown_service&query.startTimeMin=1969-12-31T23:00:00Z&query.startTimeMax=1970-01-01T01:00:00Z&query.searchDepth=10',
    ],
  ];
  for (const [name, input, path] of cases) {
    test(`${name}.json`, { skip }, async () => {
      const server = await startQueryTestServer([input], (reader) =>
        createJaegerApiV3Handler(reader),
      );
      try {
        const response = await call(server.baseUrl, 'GET', path);
        assert.equal(response.status, 200, response.text);
        assert.deepEqual(response.json, snapshot(name));
      } finally {
        await server.close();
      }
    });
  }
});
