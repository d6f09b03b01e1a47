import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { call, serveHandler } from '@otel-lab/testkit';
import { startQueryTestServer } from '../../jaeger/fixture-server.js';
import { createTempoApiHandler } from '../tempo-api.js';
import {
  CHARGE_SPAN_ID,
  FILTER_FIXTURE,
  TRACE_NIGHTLY,
  TRACE_ODD,
  TRACE_ORDERS,
} from './filter-fixture.test-support.js';

const T0_S = 1_700_000_000n;
const WINDOW = `start=${T0_S - 60n}&end=${T0_S + 60n}`;
/** Tempo writes trace ids without their leading zeros. */
const short = (traceId: string) => traceId.replace(/^0+/, '');

type Json = Record<string, unknown>;
interface Trace {
  traceID: string;
  spanSets?: { spans: Json[]; matched: number }[];
}

describe('Tempo /api/search', () => {
  let server: Awaited<ReturnType<typeof startQueryTestServer>>;
  const get = (query: string) => call(server.baseUrl, 'GET', `/api/search?${query}`);
  const search = async (query: string) => {
    const answer = await get(query);
    assert.equal(answer.status, 200, `${query}: ${answer.text}`);
    assert.match(String(answer.headers['content-type']), /^application\/json/);
    return answer.json as { traces?: Trace[]; metrics: Json };
  };
  const q = (traceql: string, more = '') =>
    search(`${WINDOW}&q=${encodeURIComponent(traceql)}${more}`);
  const traceIds = (answer: { traces?: Trace[] }) => (answer.traces ?? []).map((t) => t.traceID);

  before(async () => {
    server = await startQueryTestServer([FILTER_FIXTURE], (reader) =>
      createTempoApiHandler(reader),
    );
  });
  after(() => server.close());

  test('a filter answers the trace with its matching span, exactly the fields Grafana knows', async () => {
    assert.deepEqual(await q('{ name = "charge" }'), {
      traces: [
        {
          traceID: short(TRACE_ORDERS),
          rootServiceName: 'shop',
          rootTraceName: 'GET /orders',
          startTimeUnixNano: '1700000000000000000',
          durationMs: 250,
          spanSets: [
            {
              spans: [
                {
                  spanID: CHARGE_SPAN_ID,
                  name: 'charge',
                  startTimeUnixNano: '1700000000010000000',
                  durationNanos: '5000000',
                },
              ],
              matched: 1,
            },
          ],
        },
      ],
      metrics: { inspectedTraces: 1, inspectedSpans: '2', completedJobs: 1, totalJobs: 1 },
    });
  });

  test('span attributes the query reads come with each span', async () => {
    const answer = await q('{ span.http.response.status_code >= 500 && status = error }');
    const [span] = answer.traces?.[0]?.spanSets?.[0]?.spans ?? [];
    const attributes = (span?.attributes as { key: string; value: Json }[]) ?? [];
    assert.deepEqual(Object.fromEntries(attributes.map(({ key, value }) => [key, value])), {
      'http.response.status_code': { intValue: '500' },
      status: { stringValue: 'error' },
    });
  });

  test('traces newest first; limit cuts, spss cuts the spans shown but not matched', async () => {
    assert.deepEqual(traceIds(await q('{}')), [TRACE_ODD, TRACE_NIGHTLY, TRACE_ORDERS].map(short));
    assert.deepEqual(traceIds(await q('{}', '&limit=2')), [TRACE_ODD, TRACE_NIGHTLY].map(short));
    const [odd] = (await q('{}', '&spss=1')).traces ?? [];
    assert.equal(odd?.spanSets?.[0]?.spans.length, 1);
    assert.equal(odd?.spanSets?.[0]?.matched, 2);
  });

  test('a trace whose root has no string service.name is named as Tempo names it', async () => {
    const [odd] = (await q('{ name = "empty" }')).traces ?? [];
    assert.equal((odd as unknown as Json).rootServiceName, '<root span not yet received>');
  });

  test('structural operators, span set operators and pipelines', async () => {
    const cases: [string, string[]][] = [
      ['{ resource.service.name = "shop" } > { name = "charge" }', [TRACE_ORDERS]],
      ['{ name = "charge" } > { name = "GET /orders" }', []],
      ['{ name = "charge" } < { name = "GET /orders" }', [TRACE_ORDERS]],
      ['{ name = "empty" } || { name = "nightly" }', [TRACE_ODD, TRACE_NIGHTLY]],
      ['{ kind = unspecified } && { kind = consumer }', [TRACE_ODD]],
      ['{} | count() > 1', [TRACE_ODD, TRACE_ORDERS]],
      ['{ duration > 100ms }', [TRACE_NIGHTLY, TRACE_ORDERS]],
    ];
    for (const [traceql, expected] of cases) {
      assert.deepEqual(traceIds(await q(traceql)), expected.map(short), traceql);
    }
  });

  test('the older tags search: substring columns, durations of the whole trace, no span sets', async () => {
    const cases: [string, string[]][] = [
      ['tags=service.name%3Dsho', [TRACE_ORDERS]],
      ['tags=name%3Dnight', [TRACE_NIGHTLY]],
      ['tags=env%3Ddev', [TRACE_NIGHTLY]],
      ['tags=status.code%3Derror', [TRACE_ORDERS]],
      ['minDuration=200ms', [TRACE_NIGHTLY, TRACE_ORDERS]],
      ['maxDuration=100ms', [TRACE_ODD]],
      ['tags=env%3Dprod&minDuration=1ms', [TRACE_ODD, TRACE_ORDERS]],
    ];
    for (const [params, expected] of cases) {
      const answer = await search(`${WINDOW}&${params}`);
      assert.deepEqual(traceIds(answer), expected.map(short), params);
      assert.ok(
        (answer.traces ?? []).every((trace) => trace.spanSets === undefined),
        params,
      );
    }
  });

  test('nothing found is an empty list of traces', async () => {
    const answer = await q('{ name = "nothing" }');
    assert.deepEqual(answer.traces, []);
    assert.deepEqual(answer.metrics, { completedJobs: 1, totalJobs: 1 });
  });

  test('bad requests are 400 in plain text with Tempo\u2019s message', async () => {
    const cases: [string, RegExp][] = [
      [
        `${WINDOW}&q=${encodeURIComponent('{ name = }')}`,
        /^invalid TraceQL query: parse error at line 1, col 10/,
      ],
      [
        `${WINDOW}&q=${encodeURIComponent('{} | rate()')}`,
        /^invalid TraceQL query: a metrics query/,
      ],
      [
        `${WINDOW}&q=${encodeURIComponent('{ name =~ "(" }')}`,
        /^invalid TraceQL query: error parsing regexp: missing \)/,
      ],
      [`${WINDOW}&limit=0`, /^invalid limit: must be a positive number/],
      [`${WINDOW}&limit=1001`, /^limit 1001 exceeds max limit 1000/],
      [`${WINDOW}&spss=101`, /^spans per span set exceeds 100. received 101/],
      [
        `start=${T0_S}&end=${T0_S + 169n * 3600n}`,
        /^range specified by start and end exceeds 168h0m0s/,
      ],
      [`${WINDOW}&q={}&tags=a%3Db`, /^invalid request: can't specify tags and q in the same query/],
    ];
    for (const [params, message] of cases) {
      const answer = await get(params);
      assert.equal(answer.status, 400, params);
      assert.match(answer.text, message, params);
      assert.match(String(answer.headers['content-type']), /^text\/plain/, params);
    }
  });
});

test('a storage failure during a search is a 500 that keeps DuckDB\u2019s message in the log', async () => {
  const secret = 'Parser Error: near "read_text(\'/etc/passwd\')"';
  const failing = new Proxy({} as DuckDBConnection, {
    get: () => async () => {
      throw new Error(secret);
    },
  });
  const logged: unknown[] = [];
  const handler = createTempoApiHandler(failing, { onError: (error) => logged.push(error) });
  const server = await serveHandler(handler);
  try {
    const response = await fetch(`${server.url}/api/search?q=${encodeURIComponent('{}')}`);
    const body = await response.text();
    assert.equal(response.status, 500, body);
    assert.ok(!body.includes('passwd'), body);
    assert.equal((logged[0] as Error | undefined)?.message, secret);
  } finally {
    await server.close();
  }
});
