import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '@otel-lab/testkit';
import { startJaegerTestServer } from './fixture-server.js';

const T0_MS = 1_700_000_000_000;
const NS = 1_000_000n;
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** One span: [trace, span, parent, ms after T0]. */
type SpanSpec = [string, string, string, number];

/** A request with one resource per service and the given spans. */
function batch(spans: Record<string, SpanSpec[]>) {
  return {
    resourceSpans: Object.entries(spans).map(([service, list]) => ({
      resource: { attributes: [str('service.name', service)] },
      scopeSpans: [
        {
          scope: {},
          spans: list.map(([trace, span, parent, ms]) => ({
            traceId: trace.padStart(32, '0'),
            spanId: span.padStart(16, '0'),
            parentSpanId: parent === '' ? '' : parent.padStart(16, '0'),
            name: `${service} op`,
            startTimeUnixNano: String(BigInt(T0_MS + ms) * NS),
            endTimeUnixNano: String(BigInt(T0_MS + ms + 1) * NS),
          })),
        },
      ],
    })),
  };
}

// Trace 1: frontend → cart → db, frontend → cart again, cart → cart (no edge).
// Trace 2: frontend → payment, an hour earlier. Trace 3: an orphan whose parent is in trace 1's id
// space but another trace, so no edge. Span ids repeat across traces on purpose.
const requests = [
  batch({
    frontend: [
      ['1', 'a', '', 0],
      ['2', 'a', '', -3_600_000],
    ],
    cart: [
      ['1', 'b', 'a', 1],
      ['1', 'c', 'a', 2],
      ['1', 'd', 'c', 3],
    ],
    db: [['1', 'e', 'd', 4]],
    payment: [
      ['2', 'b', 'a', -3_599_999],
      ['3', 'f', 'b', 5],
    ],
  }),
];

describe('/api/dependencies', () => {
  let server: Awaited<ReturnType<typeof startJaegerTestServer>>;
  const now = () => BigInt(T0_MS + 60_000) * NS;
  before(async () => {
    server = await startJaegerTestServer(requests, { now });
  });
  after(() => server.close());

  test('edges between services, counted, within endTs − lookback … endTs', async () => {
    const rows: [string, [string, string, number][]][] = [
      [
        `endTs=${T0_MS + 10}&lookback=7200000`,
        [
          ['cart', 'db', 1],
          ['frontend', 'cart', 2],
          ['frontend', 'payment', 1],
        ],
      ],
      [
        '',
        [
          ['cart', 'db', 1],
          ['frontend', 'cart', 2],
          ['frontend', 'payment', 1],
        ],
      ],
      [
        'lookback=60000',
        [
          ['cart', 'db', 1],
          ['frontend', 'cart', 2],
        ],
      ],
      [`endTs=${T0_MS + 3}&lookback=3`, [['frontend', 'cart', 2]]],
      [`endTs=${T0_MS + 3}&lookback=2`, []],
      [`endTs=${T0_MS - 3_599_999}&lookback=1`, [['frontend', 'payment', 1]]],
      ['service=db', [['cart', 'db', 1]]],
      [
        'service=frontend',
        [
          ['frontend', 'cart', 2],
          ['frontend', 'payment', 1],
        ],
      ],
      [`endTs=${T0_MS - 7_200_000}`, []],
      ['endTs=9223372036854775807', []],
      [
        'lookback=604800000',
        [
          ['cart', 'db', 1],
          ['frontend', 'cart', 2],
          ['frontend', 'payment', 1],
        ],
      ],
    ];
    for (const [query, edges] of rows) {
      const response = await call(server.baseUrl, 'GET', `/api/dependencies?${query}`);
      assert.equal(response.status, 200, `${query}: ${response.text}`);
      assert.deepEqual(
        response.json,
        {
          data: edges.map(([parent, child, callCount]) => ({ parent, child, callCount })),
          total: 0,
          limit: 0,
          offset: 0,
          errors: null,
        },
        query,
      );
    }
  });

  test('bad endTs or lookback: 400 naming the parameter', async () => {
    const rows: [string, string][] = [
      [
        'endTs=soon',
        `unable to parse param 'endTs': strconv.ParseInt: parsing "soon": invalid syntax`,
      ],
      [
        'lookback=1h',
        `unable to parse param 'lookback': strconv.ParseInt: parsing "1h": invalid syntax`,
      ],
      // The self-join over every span of the window is capped as /api/service-map caps it.
      ['lookback=604800001', 'invalid parameter: lookback must be at most 604800000 ms (7 days)'],
      [
        'lookback=9223372036854775807',
        'invalid parameter: lookback must be at most 604800000 ms (7 days)',
      ],
    ];
    for (const [query, msg] of rows) {
      const response = await call(server.baseUrl, 'GET', `/api/dependencies?${query}`);
      assert.equal(response.status, 400);
      assert.deepEqual(response.json.errors, [{ code: 400, msg }]);
    }
  });
});
