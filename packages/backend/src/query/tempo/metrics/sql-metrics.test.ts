import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { singleReader } from '../../../storage/reader-pool.js';
import { openTestStore } from '../search/test-store.test-support.js';
import { answerMetrics, type MetricsSources } from './metrics-engine.js';
import { parseMetricsQuery } from './metrics-query.js';
import { parseRangeRequest } from './metrics-request.js';
import { MINUTE, SHOP_MINUTE } from './shop-fixture.test-support.js';
import { planSqlMetrics } from './sql-metrics.js';
import { timeGridOf } from './time-grid.js';

/** The minute's request for q; `more` replaces parameters. */
function range(q: string, more = '') {
  const params = new URLSearchParams(MINUTE);
  params.set('q', q);
  for (const [key, value] of new URLSearchParams(more)) params.set(key, value);
  return parseRangeRequest(params, 0n);
}

describe('the SQL fast path', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let sources: MetricsSources;
  before(async () => {
    store = await openTestStore([SHOP_MINUTE]);
    const loadTraces = async () => assert.fail('the fast path loads no trace');
    sources = { pool: singleReader(store.store.reader), loadTraces };
  });
  after(() => store.close());

  test('takes one exact span set filter grouped by columns and stored attributes', () => {
    const cases: [string, boolean][] = [
      ['{} | rate()', true],
      [
        '{resource.service.name="shop"} | quantile_over_time(duration, .95) by (span.http.route)',
        true,
      ],
      [
        '{status=error && kind=server} | count_over_time() by (name, .http.route, resource.deployment.environment)',
        true,
      ],
      ['{span.items > 2} | histogram_over_time(duration) by (status)', true],
      ['{} | max_over_time(span:duration) by (kind)', true],
      // Not SQL alone: a value other than duration, a trace-level group, structure, pipelines.
      ['{} | sum_over_time(span.items)', false],
      ['{} | rate() by (rootServiceName)', false],
      ['{} | rate() by (parent.span.http.route)', false],
      ['{resource.service.name="shop"} > {} | rate()', false],
      ['{} | count() > 1 | rate()', false],
      ['{span.items + 1 > 2} | rate()', false],
    ];
    for (const [q, sql] of cases) {
      const query = parseMetricsQuery(q);
      assert.equal(planSqlMetrics(query, timeGridOf(range(q))) !== undefined, sql, q);
    }
  });

  test('the lab query: p95 of a service by route, in one GROUP BY', async () => {
    const q =
      '{resource.service.name="shop"} | quantile_over_time(duration, .95) by (span.http.route)';
    const answer = await answerMetrics(sources, range(q));
    assert.equal(answer.path, 'sql');
    const got = answer.result.series.map((s) => [s.promLabels, s.samples.map((x) => x.value)]);
    assert.deepEqual(got, [
      // 3 and 5 ms in the first 10 s: p95 reads both, the bound of 5 ms's bucket (2^23 ns);
      // 300 ms at 25 s (2^29 ns).
      ['{p="0.95", "span.http.route"="/orders"}', [2 ** 23 / 1e9, 0, 2 ** 29 / 1e9, 0, 0, 0, 0]],
      ['{p="0.95", "span.http.route"="/products"}', [0, 2 ** 20 / 1e9, 0, 0, 0, 0, 0]],
      // db query (1 ms) has no route: a bucketed series keeps no nil label (Tempo's bucket
      // label stood in for it); cache (1 ns) is below the buckets.
      ['{p="0.95"}', [2 ** 20 / 1e9, 0, 0, 0, 0, 0, 0]],
    ]);
    assert.equal(answer.inspectedSpans, 5);
  });

  test('groups by resource attributes through the resource table, nil where absent', async () => {
    const q = '{} | count_over_time() by (resource.service.name, resource.host.name)';
    const answer = await answerMetrics(sources, range(q, '&step=20'));
    const got = answer.result.series.map((s) => [s.promLabels, s.samples.map((x) => x.value)]);
    assert.deepEqual(got, [
      ['{"resource.service.name"="payments"}', [1, 1, 0, 0]],
      ['{"resource.service.name"="shop"}', [5, 1, 0, 0]],
    ]);
  });

  test('exemplars: one per trace, at most as many as asked, counting ones take the sample value', async () => {
    const answer = await answerMetrics(sources, range('{} | count_over_time()', '&exemplars=2'));
    const exemplars = answer.result.series.flatMap((s) => s.exemplars);
    assert.equal(exemplars.length, 2);
    assert.equal(new Set(exemplars.map((e) => e.traceId)).size, 2);
    for (const e of exemplars) assert.ok(e.value > 0, `exemplar value ${e.value}`);
  });
});
