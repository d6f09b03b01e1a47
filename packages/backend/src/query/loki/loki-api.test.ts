import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeLogsJson } from '@otel-lab/otlp';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createDuckDbLogStorage, type DuckDbLogStorage } from './duckdb-log-storage.js';
import { createLokiApiHandler } from './loki-api.js';
import { DEADLINE_EXCEEDED } from './query-endpoints.js';

// Seeded in the last minutes, so that the default range (the last hour) holds them.
const NOW_S = Math.floor(Date.now() / 1000);
const T0_S = NOW_S - 300;
const ns = (s: number) => `${BigInt(s) * 1_000_000_000n}`;

const SEEDS: { service: string; env?: string; atS: number; body: string; attributes?: object[] }[] =
  [
    {
      service: 'demo-app',
      env: 'lab',
      atS: 0,
      body: 'order created',
      attributes: [{ key: 'order.id', value: { stringValue: 'o-1' } }],
    },
    {
      service: 'demo-app',
      env: 'lab',
      atS: 10,
      body: 'level=warn msg="stock low" stock=3',
      attributes: [{ key: 'order.id', value: { stringValue: 'o-2' } }],
    },
    { service: 'payment-service', atS: 20, body: 'charge approved' },
    { service: 'payment-service', atS: 25, body: '{"amount":12.5,"user":{"id":"u1"}}' },
    { service: 'payment-service', atS: 200, body: 'card declined' },
  ];

let store: TelemetryStore;
let server: HandlerServer;

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'loki-api-')) });
  const request = {
    resourceLogs: SEEDS.map((seed) => ({
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: seed.service } },
          ...(seed.env
            ? [{ key: 'deployment.environment.name', value: { stringValue: seed.env } }]
            : []),
        ],
      },
      scopeLogs: [
        {
          logRecords: [
            {
              timeUnixNano: ns(T0_S + seed.atS),
              body: { stringValue: seed.body },
              attributes: seed.attributes ?? [],
            },
          ],
        },
      ],
    })),
  };
  await store.writeLogs(decodeLogsJson(JSON.stringify(request)).items);
  server = await serveHandler(createLokiApiHandler(store.reader, { onError: console.error }));
});

after(async () => {
  await server.close();
  store.close();
});

async function get(path: string, init?: RequestInit) {
  const response = await fetch(`${server.url}${path}`, init);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

const form = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
});

const q = encodeURIComponent;

test('Loki metadata endpoints answer Loki JSON, in GET and POST form', async () => {
  const cases: { name: string; path: string; init?: RequestInit; body: unknown }[] = [
    {
      name: 'labels over the default range (the last hour)',
      path: '/loki/api/v1/labels',
      body: { status: 'success', data: ['deployment_environment_name', 'service_name'] },
    },
    {
      name: 'labels in a range in seconds with fractions',
      path: `/loki/api/v1/labels?start=${T0_S + 15}.5&end=${T0_S + 30}.0`,
      body: { status: 'success', data: ['service_name'] },
    },
    {
      name: 'labels in a range of nanoseconds, POST form',
      path: '/loki/api/v1/labels',
      init: form(`start=${ns(T0_S - 10)}&end=${ns(T0_S + 5)}`),
      body: { status: 'success', data: ['deployment_environment_name', 'service_name'] },
    },
    {
      name: 'no labels: data left out',
      path: `/loki/api/v1/labels?start=${T0_S - 100}&end=${T0_S - 50}`,
      body: { status: 'success' },
    },
    {
      name: 'label values',
      path: '/loki/api/v1/label/service_name/values',
      body: { status: 'success', data: ['demo-app', 'payment-service'] },
    },
    {
      name: 'label values with a query, RFC 3339 range',
      path: `/loki/api/v1/label/service_name/values?query=${q('{service_name=~"pay.*"}')}&start=${new Date((T0_S - 1) * 1000).toISOString()}`,
      body: { status: 'success', data: ['payment-service'] },
    },
    {
      name: 'series with match[]',
      path: `/loki/api/v1/series?match[]=${q('{deployment_environment_name="lab"}')}`,
      body: {
        status: 'success',
        data: [{ deployment_environment_name: 'lab', service_name: 'demo-app' }],
      },
    },
    {
      name: 'series with {} is every stream, POST form',
      path: '/loki/api/v1/series',
      init: form(`match[]=${q('{}')}`),
      body: {
        status: 'success',
        data: [
          { deployment_environment_name: 'lab', service_name: 'demo-app' },
          { service_name: 'payment-service' },
        ],
      },
    },
    {
      name: 'series with a selector that matches everything (Loki does not refuse it there)',
      path: `/loki/api/v1/series?match[]=${q('{service_name=~".*"}')}&start=${T0_S + 150}`,
      body: { status: 'success', data: [{ service_name: 'payment-service' }] },
    },
    {
      name: 'index stats',
      path: `/loki/api/v1/index/stats?query=${q('{service_name="payment-service"}')}`,
      body: {
        streams: 1,
        chunks: 1,
        bytes:
          'charge approved'.length +
          '{"amount":12.5,"user":{"id":"u1"}}'.length +
          'card declined'.length,
        entries: 3,
      },
    },
    {
      name: 'detected fields: structured metadata, and what a line parses into as JSON or logfmt',
      path: `/loki/api/v1/detected_fields?query=${q('{service_name="demo-app"}')}`,
      body: {
        fields: [
          { label: 'detected_level', type: 'string', cardinality: 2, parsers: null },
          { label: 'level', type: 'string', cardinality: 1, parsers: ['logfmt'] },
          { label: 'msg', type: 'string', cardinality: 1, parsers: ['logfmt'] },
          { label: 'order_id', type: 'string', cardinality: 2, parsers: null },
          { label: 'stock', type: 'int', cardinality: 1, parsers: ['logfmt'] },
        ],
        limit: 1000,
      },
    },
    {
      name: "detected fields with the query's own parser",
      path: `/loki/api/v1/detected_fields?query=${q('{service_name="demo-app"} | logfmt')}&start=${T0_S + 5}`,
      body: {
        fields: [
          { label: 'detected_level', type: 'string', cardinality: 1, parsers: null },
          { label: 'level', type: 'string', cardinality: 1, parsers: ['logfmt'] },
          { label: 'msg', type: 'string', cardinality: 1, parsers: ['logfmt'] },
          { label: 'order_id', type: 'string', cardinality: 1, parsers: null },
          { label: 'stock', type: 'int', cardinality: 1, parsers: ['logfmt'] },
        ],
        limit: 1000,
      },
    },
    {
      name: 'detected fields of a JSON line',
      path: `/loki/api/v1/detected_fields?query=${q('{service_name="payment-service"}')}&start=${T0_S + 21}&end=${T0_S + 30}`,
      body: {
        fields: [
          { label: 'amount', type: 'float', cardinality: 1, parsers: ['json'] },
          { label: 'detected_level', type: 'string', cardinality: 1, parsers: null },
          { label: 'user_id', type: 'string', cardinality: 1, parsers: ['json'] },
        ],
        limit: 1000,
      },
    },
    {
      name: 'no detected fields: an empty object',
      path: `/loki/api/v1/detected_fields?query=${q('{service_name="nope"}')}`,
      body: {},
    },
  ];
  for (const c of cases) {
    const answer = await get(c.path, c.init);
    assert.equal(answer.status, 200, `${c.name}: ${answer.text}`);
    assert.match(answer.type ?? '', /^application\/json/, c.name);
    assert.deepEqual(JSON.parse(answer.text), c.body, c.name);
  }
});

test('build info and readiness', async () => {
  const info = JSON.parse((await get('/loki/api/v1/status/buildinfo')).text);
  assert.match(info.version, /^3\.\d+\.\d+$/);
  const ready = await get('/ready');
  assert.deepEqual([ready.status, ready.text], [200, 'ready\n']);
});

test("bad requests answer 400 with Loki's plain-text messages", async () => {
  const cases: { path: string; init?: RequestInit; message: string }[] = [
    {
      path: '/loki/api/v1/labels?start=yesterday',
      message: `could not parse 'start' parameter: strconv.ParseInt: parsing "yesterday": invalid syntax`,
    },
    {
      path: '/loki/api/v1/labels?end=99999999999999999999',
      message: `could not parse 'end' parameter: strconv.ParseInt: parsing "99999999999999999999": value out of range`,
    },
    {
      path: '/loki/api/v1/labels?since=a while',
      message: `could not parse 'since' parameter: not a valid duration string: "a while"`,
    },
    {
      path: `/loki/api/v1/label/service_name/values?query=${q('{a=~".*"}')}`,
      message:
        'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    },
    {
      path: `/loki/api/v1/series?match[]=${q('{a="b"')}`,
      message: 'parse error at line 1, col 7: syntax error: unexpected $end',
    },
    {
      path: `/loki/api/v1/label/a/values?query=${q('{a="b"} |= "x"')}`,
      message: 'only label matchers are supported',
    },
    {
      path: `/loki/api/v1/series?match[]=${q('{a=~"("}')}`,
      message: 'parse error : error parsing regexp: missing closing ): `(`',
    },
    {
      path: `/loki/api/v1/index/stats?query=${q('{a=~"("}')}`,
      message: 'parse error : error parsing regexp: missing closing ): `(`',
    },
    {
      path: '/loki/api/v1/detected_fields',
      init: form(`query=${q('sum(rate({a="b"}[1m]))')}`),
      message: 'only log selector is supported',
    },
    {
      path: `/loki/api/v1/detected_fields?query=${q('{a="b"}')}&line_limit=0`,
      message: 'limit must be a positive value',
    },
  ];
  for (const c of cases) {
    const answer = await get(c.path, c.init);
    assert.deepEqual(
      [answer.status, answer.type, answer.text],
      [400, 'text/plain; charset=utf-8', `${c.message}\n`],
      c.path,
    );
  }
  const wrongMethod = await get('/loki/api/v1/status/buildinfo', { method: 'DELETE' });
  assert.equal(wrongMethod.status, 405);
});

interface StreamsBody {
  status: string;
  data: {
    resultType: string;
    encodingFlags?: string[];
    result: { stream: Record<string, string>; values: unknown[][] }[];
    stats: { summary: { totalEntriesReturned: number; totalLinesProcessed: number } };
  };
}

test('query_range answers streams, plain or with categorized labels', async () => {
  const query = q('{service_name="demo-app"} | logfmt');
  const plain = await get(`/loki/api/v1/query_range?query=${query}&limit=10&direction=forward`);
  assert.equal(plain.status, 200, plain.text);
  const body = JSON.parse(plain.text) as StreamsBody;
  assert.equal(body.data.resultType, 'streams');
  assert.equal(body.data.encodingFlags, undefined);
  assert.deepEqual(
    body.data.result.map((s) => [
      s.stream.service_name,
      s.stream.order_id,
      s.stream.level ?? '',
      s.values,
    ]),
    [
      ['demo-app', 'o-1', '', [[ns(T0_S), 'order created']]],
      ['demo-app', 'o-2', 'warn', [[ns(T0_S + 10), 'level=warn msg="stock low" stock=3']]],
    ],
  );
  assert.equal(body.data.stats.summary.totalEntriesReturned, 2);
  assert.deepEqual(Object.keys(body.data.stats), [
    'summary',
    'querier',
    'ingester',
    'cache',
    'index',
  ]);

  const categorized = await get(`/loki/api/v1/query_range?query=${query}&limit=10`, {
    headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
  });
  const text = categorized.text;
  assert.ok(
    text.indexOf('"encodingFlags"') < text.indexOf('"result"'),
    'encodingFlags before result',
  );
  const cat = JSON.parse(text) as StreamsBody;
  assert.deepEqual(cat.data.encodingFlags, ['categorize-labels']);
  assert.deepEqual(cat.data.result, [
    {
      stream: { deployment_environment_name: 'lab', service_name: 'demo-app' },
      values: [
        [
          ns(T0_S + 10),
          'level=warn msg="stock low" stock=3',
          {
            structuredMetadata: { detected_level: 'warn', order_id: 'o-2' },
            parsed: { level: 'warn', msg: 'stock low', stock: '3' },
          },
        ],
        [
          ns(T0_S),
          'order created',
          { structuredMetadata: { detected_level: 'unknown', order_id: 'o-1' } },
        ],
      ],
    },
  ]);

  const limited = JSON.parse(
    (await get(`/loki/api/v1/query_range?query=${q('{service_name=~".+"}')}&limit=1`)).text,
  ) as StreamsBody;
  assert.deepEqual(
    limited.data.result.flatMap((s) => s.values.map((v) => v[1])),
    ['card declined'],
    'limit 1, backward: the newest entry',
  );
});

test('query endpoints refuse what Loki refuses', async () => {
  const sel = q('{service_name="demo-app"}');
  const cases: { path: string; message: string }[] = [
    {
      path: `/loki/api/v1/query_range?query=${sel}&limit=5001`,
      message:
        'max entries limit per query exceeded, limit > max_entries_limit_per_query (5001 > 5000)',
    },
    {
      path: `/loki/api/v1/query_range?query=${sel}&limit=-1`,
      message: 'limit must be a positive value',
    },
    {
      path: `/loki/api/v1/query_range?query=${sel}&direction=sideways`,
      message: "invalid direction 'sideways'",
    },
    {
      path: `/loki/api/v1/query_range?query=${sel}&start=20&end=10`,
      message: 'end timestamp must not be before or equal to start time',
    },
    {
      path: `/loki/api/v1/query_range?query=${sel}&step=0`,
      message:
        'zero or negative query resolution step widths are not accepted. Try a positive integer',
    },
    {
      path: `/loki/api/v1/query_range?query=${sel}&start=0&end=100000&step=1`,
      message:
        'exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter',
    },
    {
      path: `/loki/api/v1/query_range?query=${sel}&step=soon`,
      message: 'cannot parse "soon" to a valid duration',
    },
    {
      path: `/loki/api/v1/query_range?query=${q('{a="b"')}`,
      message: 'parse error at line 1, col 7: syntax error: unexpected $end',
    },
    {
      path: `/loki/api/v1/query?query=${sel}`,
      message:
        'log queries are not supported as an instant query type, please change your query to a range query type',
    },
    {
      path: `/loki/api/v1/query?query=${q('count_over_time({service_name="demo-app"}[1m])')}&limit=6000`,
      message:
        'max entries limit per query exceeded, limit > max_entries_limit_per_query (6000 > 5000)',
    },
  ];
  for (const c of cases) {
    const answer = await get(c.path);
    assert.deepEqual([answer.status, answer.text], [400, `${c.message}\n`], c.path);
  }
});

interface MetricBody {
  status: string;
  data: { resultType: string; encodingFlags?: string[]; result: unknown; stats: unknown };
}

test("Grafana's Save & test: vector(1)+vector(1) at 4000000000, and labels over the last 10 minutes", async () => {
  const answer = await get(`/loki/api/v1/query?query=vector(1)%2Bvector(1)&time=4000000000`);
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.type, 'application/json; charset=UTF-8');
  assert.ok(
    answer.text.startsWith(
      '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[4000000000,"2"]}],"stats":{',
    ),
    answer.text,
  );
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const labels = await get(`/loki/api/v1/labels?start=${nowNs - 600_000_000_000n}&end=${nowNs}`);
  assert.deepEqual(JSON.parse(labels.text), {
    status: 'success',
    data: ['deployment_environment_name', 'service_name'],
  });
});

test('instant metric queries answer vector or scalar, values as Loki formats them', async () => {
  const cases: { query: string; time: string; resultType: string; result: unknown }[] = [
    {
      // (T0+30-3600, T0+30]: demo-app at 0 and 10, payment-service at 20 and 25 (200 is later).
      query: 'sum by (service_name) (count_over_time({service_name=~".+"}[1h]))',
      time: `${T0_S + 30}`,
      resultType: 'vector',
      result: [
        { metric: { service_name: 'demo-app' }, value: [T0_S + 30, '2'] },
        { metric: { service_name: 'payment-service' }, value: [T0_S + 30, '2'] },
      ],
    },
    {
      // Two entries over a 40 s window: 0.05 a second; the time keeps its milliseconds.
      query: 'sum(rate({service_name="payment-service"}[40s]))',
      time: `${T0_S + 30}.25`,
      resultType: 'vector',
      result: [{ metric: {}, value: [T0_S + 30.25, '0.05'] }],
    },
    {
      // "level=warn ..." is 34 bytes; only demo-app's second line is warn.
      query: 'sum by (detected_level) (bytes_over_time({service_name="demo-app"} |= "warn" [1h]))',
      time: `${T0_S + 30}`,
      resultType: 'vector',
      result: [{ metric: { detected_level: 'warn' }, value: [T0_S + 30, '34'] }],
    },
    { query: '2 * 3', time: '100.5', resultType: 'scalar', result: [100.5, '6'] },
    // Loki's division gives NaN for a zero divisor.
    { query: '1 / 0', time: '100', resultType: 'scalar', result: [100, 'NaN'] },
    {
      query: 'count_over_time({service_name="nobody"}[1m])',
      time: `${T0_S}`,
      resultType: 'vector',
      result: [],
    },
  ];
  for (const c of cases) {
    const answer = await get(`/loki/api/v1/query?query=${q(c.query)}&time=${c.time}`, {
      headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
    });
    assert.equal(answer.status, 200, `${c.query}: ${answer.text}`);
    const body = JSON.parse(answer.text) as MetricBody;
    assert.equal(body.data.resultType, c.resultType, c.query);
    // categorize-labels is echoed, and changes nothing else in a metric answer.
    assert.deepEqual(body.data.encodingFlags, ['categorize-labels'], c.query);
    assert.deepEqual(body.data.result, c.result, c.query);
  }
});

test('query_range of a metric query answers a matrix on the step grid', async () => {
  // Windows (t-10s, t]: payment-service has entries at T0+20 and T0+25.
  const query = q('sum by (service_name) (count_over_time({service_name="payment-service"}[10s]))');
  const answer = await get(
    `/loki/api/v1/query_range?query=${query}&start=${T0_S + 19}&end=${T0_S + 26}&step=1`,
  );
  assert.equal(answer.status, 200, answer.text);
  const body = JSON.parse(answer.text) as MetricBody;
  assert.equal(body.data.resultType, 'matrix');
  assert.equal(body.data.encodingFlags, undefined);
  const expected = [20, 21, 22, 23, 24, 25, 26].map((s) => [T0_S + s, s < 25 ? '1' : '2']);
  assert.deepEqual(body.data.result, [
    { metric: { service_name: 'payment-service' }, values: expected },
  ]);
  assert.deepEqual(Object.keys(body.data.stats as object), [
    'summary',
    'querier',
    'ingester',
    'cache',
    'index',
  ]);

  // No step: Loki's default, the range over 250 in whole seconds (1000 s / 250 = 4 s).
  const wide = JSON.parse(
    (
      await get(
        `/loki/api/v1/query_range?query=${q('count_over_time({service_name=~".+"}[1h])')}&start=${T0_S}&end=${T0_S + 1000}`,
      )
    ).text,
  ) as MetricBody;
  const times = (wide.data.result as { values: [number, string][] }[]).flatMap((s) =>
    s.values.map((v) => v[0]),
  );
  assert.ok(times.length > 0);
  for (const t of times) assert.equal(t % 4, 0, `${t} on the 4 s grid`);
});

test("metric query errors answer 400 with Loki's message", async () => {
  // "charge approved" is not JSON: the sample carries __error__ and the step refuses it.
  const answer = await get(
    `/loki/api/v1/query?query=${q('sum(count_over_time({service_name="payment-service"} | json [1h]))')}&time=${T0_S + 30}`,
  );
  assert.equal(answer.status, 400, answer.text);
  assert.equal(answer.type, 'text/plain; charset=utf-8');
  assert.match(answer.text, /^pipeline error: 'JSONParserErr' for series: '\{/);
});

test("a query past the timeout answers 504 with Loki's message", async () => {
  const storage = createDuckDbLogStorage(store.reader);
  const stalled: DuckDbLogStorage = {
    ...storage,
    // Never yields: it waits for the query's signal, then stops quietly as the real reader does.
    async *select(selection) {
      // Under load the 50 ms may be over before the engine asks: then it is aborted already.
      await new Promise((resolve) => {
        if (selection.signal?.aborted) resolve(undefined);
        else selection.signal?.addEventListener('abort', resolve);
      });
      yield* [];
    },
  };
  const slow = await serveHandler(
    createLokiApiHandler(store.reader, {
      onError: console.error,
      queryTimeoutMs: 50,
      storage: stalled,
    }),
  );
  try {
    for (const path of [
      `/loki/api/v1/query_range?query=${q('{service_name="demo-app"}')}`,
      `/loki/api/v1/query?query=${q('count_over_time({service_name="demo-app"}[1m])')}`,
    ]) {
      const response = await fetch(`${slow.url}${path}`);
      assert.deepEqual(
        [response.status, await response.text()],
        [504, `${DEADLINE_EXCEEDED}\n`],
        path,
      );
    }
  } finally {
    await slow.close();
  }
});
