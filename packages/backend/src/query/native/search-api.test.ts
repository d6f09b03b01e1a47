import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeTracesJson } from '@otel-lab/otlp';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createTraceSearchHandler } from './search-api.js';
import { parseFilter } from './trace-search.js';

const T0 = 1_800_000_000_000;
const ns = (ms: number) => String(BigInt(T0 + ms) * 1_000_000n);

interface SpanSpec {
  trace: number;
  span: number;
  parent?: number;
  service: string;
  name: string;
  at: number;
  ms: number;
  error?: boolean;
  status?: number;
}

/** Three traces: a fast order, a slow failing order, and a product listing. */
const SPANS: SpanSpec[] = [
  { trace: 1, span: 1, service: 'demo-app', name: 'POST /api/orders', at: 0, ms: 100, status: 201 },
  { trace: 1, span: 2, parent: 1, service: 'payment-service', name: 'charge', at: 10, ms: 50 },
  {
    trace: 2,
    span: 3,
    service: 'demo-app',
    name: 'POST /api/orders',
    at: 1000,
    ms: 900,
    status: 502,
  },
  {
    trace: 2,
    span: 4,
    parent: 3,
    service: 'payment-service',
    name: 'charge',
    at: 1010,
    ms: 800,
    error: true,
  },
  {
    trace: 3,
    span: 5,
    service: 'demo-app',
    name: 'GET /api/products',
    at: 2000,
    ms: 20,
    status: 200,
  },
];

let store: TelemetryStore;
let server: HandlerServer;
let base: string;

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'search-api-')) });
  for (const spec of SPANS) {
    const span = {
      traceId: spec.trace.toString(16).padStart(32, '0'),
      spanId: spec.span.toString(16).padStart(16, '0'),
      parentSpanId: spec.parent ? spec.parent.toString(16).padStart(16, '0') : '',
      name: spec.name,
      startTimeUnixNano: ns(spec.at),
      endTimeUnixNano: ns(spec.at + spec.ms),
      status: { code: spec.error ? 2 : 0 },
      attributes: spec.status
        ? [{ key: 'http.response.status_code', value: { intValue: String(spec.status) } }]
        : [],
    };
    const request = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: spec.service } }] },
          scopeSpans: [{ spans: [span] }],
        },
      ],
    };
    await store.writeSpans(decodeTracesJson(JSON.stringify(request)).items);
  }
  const handler = createTraceSearchHandler(store.reader, { onError: console.error });
  server = await serveHandler(handler);
  base = server.url;
});

after(async () => {
  await server.close();
  store.close();
});

interface Summary {
  traceId: string;
  rootService: string;
  rootName: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
  startTime: number;
}

async function search(query: string): Promise<Summary[]> {
  const response = await fetch(
    `${base}/api/search/traces?start=${T0 - 1000}&end=${T0 + 10_000}&${query}`,
  );
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { traces: Summary[] }).traces;
}

const ids = (traces: Summary[]) => traces.map((trace) => Number.parseInt(trace.traceId, 16));

describe('GET /api/search/traces', () => {
  const rows: { name: string; query: string; expected: number[] }[] = [
    { name: 'newest first', query: '', expected: [3, 2, 1] },
    { name: 'by service of any span', query: 'service=payment-service', expected: [2, 1] },
    { name: 'by operation', query: 'operation=POST%20/api/orders', expected: [2, 1] },
    { name: 'errors only', query: 'errors=true', expected: [2] },
    { name: 'longest first', query: 'sort=duration', expected: [2, 1, 3] },
    { name: 'largest first', query: 'sort=spans', expected: [1, 2, 3] },
    { name: 'trace duration range', query: 'minDuration=50&maxDuration=500', expected: [1] },
    {
      name: 'attribute equals',
      query: `filter=${encodeURIComponent('http.response.status_code=201')}`,
      expected: [1],
    },
    {
      name: 'attribute compares as a number',
      query: `filter=${encodeURIComponent('http.response.status_code>=500')}`,
      expected: [2],
    },
    {
      name: 'attribute differs',
      query: `filter=${encodeURIComponent('http.response.status_code!=201')}`,
      expected: [3, 2],
    },
    { name: 'attribute exists', query: 'filter=http.response.status_code', expected: [3, 2, 1] },
    { name: 'limit and offset', query: 'limit=1&offset=1', expected: [2] },
  ];
  for (const row of rows) {
    test(row.name, async () => {
      assert.deepEqual(ids(await search(row.query)), row.expected);
    });
  }

  test('a summary names the root, counts spans and errors, lists the services', async () => {
    const [slow] = await search('errors=true');
    assert.deepEqual(slow, {
      traceId: '00000000000000000000000000000002',
      rootService: 'demo-app',
      rootName: 'POST /api/orders',
      startTime: T0 + 1000,
      durationMs: 900,
      spanCount: 2,
      errorCount: 1,
      services: ['demo-app', 'payment-service'],
    });
  });

  const bad = [
    { query: 'sort=name', error: /sort="name"/ },
    { query: 'errors=maybe', error: /errors="maybe"/ },
    { query: 'limit=0', error: /limit=0/ },
    { query: 'limit=9999', error: /limit="9999"/ },
    { query: 'minDuration=-1', error: /minDuration="-1"/ },
    { query: 'minDuration=1e300', error: /minDuration="1e300": expected milliseconds/ },
    { query: 'maxDuration=1e308', error: /maxDuration="1e308"/ },
    { query: 'end=99999999999999999', error: /end="99999999999999999"/ },
    { query: `filter=${encodeURIComponent('x>=fast')}`, error: /needs a number/ },
    { query: 'start=later', error: /start="later"/ },
  ];
  for (const row of bad) {
    test(`400: ${row.query}`, async () => {
      const response = await fetch(`${base}/api/search/traces?${row.query}`);
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: string }).error, row.error);
    });
  }
});

test('filters parse into key, operator and value', () => {
  assert.deepEqual(parseFilter('http.route'), { key: 'http.route', operator: 'exists' });
  assert.deepEqual(parseFilter('http.route=/api/orders'), {
    key: 'http.route',
    operator: '=',
    value: '/api/orders',
  });
  assert.deepEqual(parseFilter('a = b=c'), { key: 'a', operator: '=', value: 'b=c' });
  assert.deepEqual(parseFilter('code>=500'), { key: 'code', operator: '>=', value: 500 });
  assert.deepEqual(parseFilter('ms<2.5'), { key: 'ms', operator: '<', value: 2.5 });
  assert.deepEqual(parseFilter('a!b'), { key: 'a!b', operator: 'exists' });
  assert.deepEqual(parseFilter('=x'), { key: '=x', operator: 'exists' });
});

test('a filter of 100,000 spaces is read in one pass', { timeout: 10_000 }, () => {
  const spaces = ' '.repeat(100_000);
  assert.deepEqual(parseFilter(`a${spaces}`), { key: 'a', operator: 'exists' });
  assert.deepEqual(parseFilter(`a${spaces}=${spaces}b`), { key: 'a', operator: '=', value: 'b' });
});
