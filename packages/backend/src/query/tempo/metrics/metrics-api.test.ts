import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '@otel-lab/testkit';
import { singleReader } from '../../../storage/reader-pool.js';
import { startQueryTestServer } from '../../jaeger/fixture-server.js';
import { createTraceReader } from '../../jaeger/trace-reader.js';
import { createTempoApiHandler } from '../tempo-api.js';
import { TempoError } from '../tempo-error.js';
import { answerMetrics } from './metrics-engine.js';
import { parseRangeRequest } from './metrics-request.js';
import { MINUTE, SHOP_MINUTE, T0_S } from './shop-fixture.test-support.js';
import { createTraceLoader } from './trace-loader.js';

type Json = Record<string, unknown>;
const q = (query: string) => `q=${encodeURIComponent(query)}`;

describe('Tempo TraceQL metrics on the query port', () => {
  let server: Awaited<ReturnType<typeof startQueryTestServer>>;
  const get = (path: string) => call(server.baseUrl, 'GET', path);
  const json = async (path: string) => {
    const answer = await get(path);
    assert.equal(answer.status, 200, `${path}: ${answer.text}`);
    return answer.json as Json;
  };

  before(async () => {
    server = await startQueryTestServer([SHOP_MINUTE], (reader) => createTempoApiHandler(reader));
  });
  after(() => server.close());

  test('query_range answers QueryRangeResponse exactly as Tempo writes it', async () => {
    const body = await json(
      `/api/metrics/query_range?${q('{resource.service.name="payments"} | rate() by (span.http.route)')}&${MINUTE}&exemplars=1`,
    );
    const at = (s: bigint) => String((T0_S + s) * 1000n);
    assert.deepEqual(body, {
      series: [
        {
          labels: [{ key: 'span.http.route', value: { stringValue: '/charge' } }],
          samples: [
            { timestampMs: at(0n), value: 0.1 },
            { timestampMs: at(10n) },
            { timestampMs: at(20n), value: 0.1 },
            { timestampMs: at(30n) },
            { timestampMs: at(40n) },
            { timestampMs: at(50n) },
            { timestampMs: at(60n) },
          ],
          promLabels: '{"span.http.route"="/charge"}',
          exemplars: [
            {
              labels: [
                { key: 'trace:id', value: { stringValue: '0af7651916cd43dd8448eb211c80319c' } },
                { key: 'span:id', value: { stringValue: 'a000000000000003' } },
              ],
              value: 0.1,
              timestampMs: String(T0_S * 1000n + 1_200n),
            },
          ],
        },
      ],
      metrics: { inspectedSpans: '2', completedJobs: 1, totalJobs: 1 },
    });
  });

  test('query (instant): one value per series over [start, end), `query` as well as `q`', async () => {
    const window = `start=${T0_S}&end=${T0_S + 60n}`;
    const query = encodeURIComponent(
      '{kind=server} | count_over_time() by (resource.service.name)',
    );
    assert.deepEqual(await json(`/api/metrics/query?query=${query}&${window}`), {
      series: [
        {
          labels: [{ key: 'resource.service.name', value: { stringValue: 'shop' } }],
          value: 4,
          promLabels: '{"resource.service.name"="shop"}',
        },
      ],
      metrics: { inspectedSpans: '4', completedJobs: 1, totalJobs: 1 },
    });
  });

  test('the SQL path and the evaluator give the same series for every function', async () => {
    // Each query is asked twice: as written (the fast path), and with its filter as `F && F`,
    // the same spans through a span set operator, which only the evaluator reads.
    const cases = [
      '{} | rate()',
      '{resource.service.name="shop"} | count_over_time() by (span.http.route)',
      '{status=error} | rate() by (name, kind)',
      '{} | sum_over_time(duration) by (resource.service.name)',
      '{} | min_over_time(duration) by (.http.route)',
      '{kind=server} | max_over_time(duration)',
      '{} | avg_over_time(duration) by (status)',
      '{} | histogram_over_time(duration) by (resource.service.name)',
      '{resource.service.name="shop"} | quantile_over_time(duration, .5, .95, 1) by (span.http.route)',
    ];
    for (const query of cases) {
      const fast = await json(`/api/metrics/query_range?${q(query)}&${MINUTE}&exemplars=0`);
      const [filter, rest] = query.split(' | ') as [string, string];
      const evaluated = `(${filter} && ${filter}) | ${rest}`;
      const slow = await json(`/api/metrics/query_range?${q(evaluated)}&${MINUTE}&exemplars=0`);
      // Sums may add in another order: values agree to 12 significant digits.
      const strip = (body: Json) =>
        (body.series as Json[]).map((s) => ({
          ...s,
          exemplars: undefined,
          samples: (s.samples as Json[]).map((x) =>
            typeof x.value === 'number' ? { ...x, value: Number(x.value.toPrecision(12)) } : x,
          ),
        }));
      assert.deepEqual(strip(slow), strip(fast), query);
      assert.ok((fast.series as unknown[]).length > 0, query);
    }
  });

  test('structural queries and pipelines are evaluated on the candidate traces', async () => {
    const cases: [string, Record<string, (number | string)[]>][] = [
      // The charges under an orders request: one at 1.2 s, one (failed) at 25 s.
      [
        '{span.http.route="/orders"} > {name="charge"} | count_over_time() by (status)',
        { '{status="error"}': [0, 0, 1], '{status="unset"}': [1, 0, 0] },
      ],
      // Traces of three spans or more: A (three in the first 10 s), D (three, one after the minute).
      ['{} | count() > 2 | count_over_time()', { '{__name__="count_over_time"}': [3, 0, 2] }],
      // Items per order, an int attribute: the evaluator reads it.
      ['{} | sum_over_time(span.items)', { '{__name__="sum_over_time"}': [4, '-', 12] }],
    ];
    for (const [query, expected] of cases) {
      const body = await json(`/api/metrics/query_range?${q(query)}&${MINUTE}&exemplars=0`);
      // The first three intervals' values; '-' where there is no sample, 0 left out as Tempo does.
      const got = Object.fromEntries(
        (body.series as { promLabels: string; samples: Json[] }[]).map((s) => {
          const at = (i: number) =>
            s.samples.find((x) => x.timestampMs === String((T0_S + BigInt(i) * 10n) * 1000n));
          return [s.promLabels, [0, 1, 2].map((i) => (at(i) ? (at(i)?.value ?? 0) : '-'))];
        }),
      );
      const want = expected;
      assert.deepEqual(got, want, query);
    }
  });

  test('the evaluator reads at most its span cap: past it, 400 saying how to narrow', async () => {
    const sources = {
      pool: singleReader(server.store.reader),
      loadTraces: createTraceLoader(createTraceReader(server.store.reader)),
      maxEvaluatedSpans: 8,
    };
    const request = (query: string) => {
      const params = new URLSearchParams(MINUTE);
      params.set('q', query);
      return parseRangeRequest(params, 0n);
    };
    // 9 spans in the 4 traces that have one in the minute; 3 in the traces of a charge.
    await assert.rejects(
      answerMetrics(sources, request('{} >> {} | rate()')),
      (error) =>
        error instanceof TempoError &&
        error.status === 400 &&
        /over 9 spans of 4 traces, more than the 8 it reads at most: narrow/.test(error.message),
    );
    const narrow = await answerMetrics(sources, request('{} > {name="charge"} | rate()'));
    assert.equal(narrow.path, 'evaluator');
    assert.equal(narrow.inspectedSpans, 2);
  });

  test('bad requests are 400 with Tempo’s message as plain text', async () => {
    const cases: [string, RegExp][] = [
      [
        `/api/metrics/query_range?${q('{} | rate(')}`,
        /^compiling query: parse error at line 1, col \d+/,
      ],
      [`/api/metrics/query_range?${q('{status=error}')}`, /^not a metrics query$/],
      [
        `/api/metrics/query_range?${q('{} | rate()')}&start=${T0_S}&end=${T0_S - 1n}`,
        /^end must be greater than start$/,
      ],
      [
        `/api/metrics/query_range?${q('{} | rate()')}&step=often`,
        /^cannot parse "often" to a valid duration$/,
      ],
      [
        `/api/metrics/query_range?${q('{} | rate()')}&start=nope`,
        /^could not parse 'start' parameter/,
      ],
      [
        `/api/metrics/query_range?${q('{} | rate()')}&since=8d`,
        /exceeds the maximum allowed duration of 168h0m0s$/,
      ],
      [
        `/api/metrics/query_range?${q('{} | quantile_over_time(duration, 2)')}`,
        /^quantile must be between 0 and 1: 2$/,
      ],
      [`/api/metrics/query?${q('{} | rate() | topk(2)')}`, /topk\(\) is not supported/],
    ];
    for (const [path, message] of cases) {
      const answer = await get(path);
      assert.equal(answer.status, 400, path);
      assert.match(answer.text.trim(), message, path);
    }
  });
});
