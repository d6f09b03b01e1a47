import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { instantQuery, parseSeriesSelector, type QueryResult, rangeQuery } from './engine';
import { PromqlError } from './errors';
import { labelsFromRecord } from './labels';
import { MemoryStorage } from './memory-storage';
import type { Storage } from './storage';

const m = 60_000;

function storageWith(
  series: { labels: Record<string, string>; samples: [number, number | 'stale'][] }[],
) {
  const storage = new MemoryStorage();
  for (const s of series) {
    const labels = labelsFromRecord(s.labels);
    for (const [t, v] of s.samples) {
      if (v === 'stale') storage.appendStale(labels, t);
      else storage.append(labels, t, v);
    }
  }
  return storage;
}

function values(r: QueryResult): Record<string, number> {
  assert.equal(r.resultType, 'vector');
  const out: Record<string, number> = {};
  for (const s of r.result)
    out[JSON.stringify(Object.fromEntries(s.metric.map((l) => [l.name, l.value])))] = s.v;
  return out;
}

// A counter sampled every minute: 0, 60, 120, ... with a reset to 0 at 10m.
const counter = storageWith([
  {
    labels: { __name__: 'requests_total', route: '/a' },
    samples: Array.from(
      { length: 20 },
      (_, i) => [i * m, i < 10 ? i * 60 : (i - 10) * 60] as [number, number],
    ),
  },
  {
    labels: { __name__: 'requests_total', route: '/b' },
    samples: [
      [0, 5],
      [m, 'stale'],
    ],
  },
]);

describe('evaluation', () => {
  test('the lookback window is left-open: a sample exactly 5m old is not seen', async () => {
    const s = storageWith([{ labels: { __name__: 'g' }, samples: [[0, 1]] }]);
    assert.deepEqual(values(await instantQuery(s, 'g', 5 * m - 1)), { '{"__name__":"g"}': 1 });
    assert.deepEqual(values(await instantQuery(s, 'g', 5 * m)), {});
  });

  test('a staleness marker ends a series at once', async () => {
    assert.deepEqual(values(await instantQuery(counter, 'requests_total{route="/b"}', 30_000)), {
      '{"__name__":"requests_total","route":"/b"}': 5,
    });
    assert.deepEqual(values(await instantQuery(counter, 'requests_total{route="/b"}', 2 * m)), {});
  });

  test('rate counts a counter reset and drops the metric name', async () => {
    const r = values(await instantQuery(counter, 'rate(requests_total{route="/a"}[5m])', 12 * m));
    assert.deepEqual(Object.keys(r), ['{"route":"/a"}']);
    // (7m, 12m] holds 480 540 0 60 120: an increase of 180 over 4m, extrapolated 1m back to the
    // window start (1.25x), divided by the 300s window.
    assert.ok(Math.abs((r['{"route":"/a"}'] as number) - 0.75) < 1e-9);
  });

  test('sum by and histogram_quantile over classic buckets', async () => {
    const buckets = storageWith(
      ['0.1', '0.5', '+Inf'].map((le, i) => ({
        labels: { __name__: 'lat_bucket', le },
        samples: [[0, [10, 20, 40][i] as number]],
      })),
    );
    const r = values(
      await instantQuery(buckets, 'histogram_quantile(0.5, sum by (le) (lat_bucket))', 0),
    );
    // Rank 20 of 40 falls at the top of the (0.1, 0.5] bucket.
    assert.ok(Math.abs((r['{}'] as number) - 0.5) < 1e-9);
  });

  test('@ end() pins a selector to the end of a range query', async () => {
    const r = await rangeQuery(counter, 'requests_total{route="/a"} @ end()', 0, 2 * m, m);
    assert.equal(r.resultType, 'matrix');
    assert.deepEqual(r.result[0]?.values, [120, 120, 120]);
  });

  test('range queries return one series per label set, sorted', async () => {
    const r = await rangeQuery(counter, 'requests_total', 0, 2 * m, m);
    assert.equal(r.resultType, 'matrix');
    assert.deepEqual(
      r.result.map((s) => [s.metric.find((l) => l.name === 'route')?.value, s.timestamps]),
      [
        ['/a', [0, m, 2 * m]],
        ['/b', [0]],
      ],
    );
  });

  test('scalars and strings', async () => {
    assert.deepEqual(await instantQuery(counter, '1 + 2 * 3', 1000), {
      resultType: 'scalar',
      result: { t: 1000, v: 7 },
    });
    assert.deepEqual(await instantQuery(counter, '"hi"', 1000), {
      resultType: 'string',
      result: { t: 1000, v: 'hi' },
    });
  });

  test('the storage is asked once per selector, for the time range it needs', async () => {
    const calls: [number, number][] = [];
    const spy: Storage = {
      select(matchers, minT, maxT) {
        calls.push([minT, maxT]);
        return counter.select(matchers, minT, maxT);
      },
    };
    await rangeQuery(spy, 'rate(requests_total[5m] offset 1m) + requests_total', 10 * m, 20 * m, m);
    assert.deepEqual(calls.sort(), [
      [4 * m, 19 * m],
      [5 * m, 20 * m],
    ]);
  });
});

test('series selectors parse into matchers', () => {
  assert.deepEqual(parseSeriesSelector('up{job=~"a.*"}'), [
    { type: '=', name: '__name__', value: 'up' },
    { type: '=~', name: 'job', value: 'a.*' },
  ]);
  assert.throws(() => parseSeriesSelector('sum(up)'), { name: 'PromqlError', type: 'bad_data' });
});

test('annotations travel beside the result, with positions', async () => {
  const gauge = storageWith([
    {
      labels: { __name__: 'temperature' },
      samples: [
        [0, 1],
        [m, 2],
        [2 * m, 3],
      ],
    },
  ]);
  const r = await instantQuery(gauge, 'sum(rate(temperature[5m]))', 2 * m);
  assert.deepEqual(r.infos, [
    'PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "temperature" (1:10)',
  ]);
  const q = await instantQuery(gauge, 'histogram_quantile(1.5, temperature)', 2 * m);
  assert.deepEqual(q.warnings, [
    'PromQL warning: quantile value should be between 0 and 1, got 1.5 (1:20)',
    'PromQL warning: bucket label "le" is missing or has a malformed value of "" for metric name "temperature" (1:25)',
  ]);
  assert.equal((await instantQuery(gauge, 'temperature', 0)).warnings, undefined);
});

describe('errors have Prometheus error types', () => {
  const rows: { query: string; type: string; message: RegExp }[] = [
    { query: 'sum(', type: 'bad_data', message: /parse error/ },
    {
      query: 'requests_total[5m]',
      type: 'bad_data',
      message: /invalid expression type "range vector" for range query/,
    },
    {
      query: 'requests_total + on() requests_total',
      type: 'execution',
      message: /many-to-many matching not allowed/,
    },
  ];
  for (const row of rows) {
    test(row.query, async () => {
      await assert.rejects(rangeQuery(counter, row.query, 0, 12 * m, m), (e: unknown) => {
        assert.ok(e instanceof PromqlError);
        assert.equal(e.type, row.type);
        assert.match(e.message, row.message);
        return true;
      });
    });
  }

  test('too many samples is an execution error', async () => {
    await assert.rejects(rangeQuery(counter, 'requests_total', 0, 20 * m, m, { maxSamples: 5 }), {
      name: 'PromqlError',
      type: 'execution',
      message: /too many samples/,
    });
  });

  test('a subquery with more steps than the samples limit is refused before it is evaluated', async () => {
    await assert.rejects(instantQuery(counter, 'rate(requests_total[1000y:1ms])', 0), {
      name: 'PromqlError',
      type: 'execution',
      message: /too many samples/,
    });
    const fine = await instantQuery(counter, 'rate(requests_total[10m:1m])', 10 * m);
    assert.equal(fine.resultType, 'vector');
  });

  test('the sample limit counts every selector of the query together', async () => {
    const loads: number[] = [];
    const counting: Storage = {
      async select(matchers, minT, maxT) {
        const series = await counter.select(matchers, minT, maxT);
        loads.push(series.reduce((n, s) => n + s.values.length, 0));
        return series;
      },
    };
    const query = 'requests_total + requests_total offset 1m + requests_total offset 2m';
    await instantQuery(counting, query, 19 * m);
    assert.equal(loads.length, 3);
    const total = loads.reduce((a, b) => a + b, 0);
    // Together the selectors load more than the limit, though each alone fits under it.
    await assert.rejects(instantQuery(counter, query, 19 * m, { maxSamples: total - 1 }), {
      name: 'PromqlError',
      type: 'execution',
      message: 'query processing would load too many samples into memory in query execution',
    });
    await instantQuery(counter, 'requests_total', 19 * m, { maxSamples: Math.max(...loads) });
    await instantQuery(counter, query, 19 * m, { maxSamples: total });
  });

  test('an aborted signal cancels the query', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      instantQuery(counter, 'requests_total', 0, { signal: controller.signal }),
      {
        name: 'PromqlError',
        type: 'canceled',
      },
    );
  });

  test('a timeout is a timeout error', async () => {
    await assert.rejects(
      rangeQuery(counter, 'sum(requests_total)', 0, 20 * m, m, { timeoutMs: -1 }),
      {
        name: 'PromqlError',
        type: 'timeout',
      },
    );
  });
});
