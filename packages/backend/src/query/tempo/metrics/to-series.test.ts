import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LabelValue } from './label-value.js';
import { log2Exponent, log2Quantile } from './log2-buckets.js';
import { queryInstantJson, queryRangeJson } from './metrics-json.js';
import { parseMetricsQuery } from './metrics-query.js';
import { SeriesAccumulator } from './series-accumulator.js';
import type { TimeGrid } from './time-grid.js';
import { toSeries } from './to-series.js';

const S = 1_000_000_000n;
/** Three 10 s intervals from t = 1000 s. */
const GRID: TimeGrid = { startNs: 1_000n * S, endNs: 1_020n * S, stepNs: 10n * S, intervals: 3 };
const str = (value: string): LabelValue => ({ type: 'string', value });
const NIL: LabelValue = { type: 'nil' };

/** A value per span: [route, interval, seconds]. */
type Span = [LabelValue, number, number];
const SPANS: Span[] = [
  [str('/a'), 0, 0.003],
  [str('/a'), 0, 0.001],
  [str('/a'), 1, 0.5],
  [str('/b'), 0, 0.002],
  [NIL, 1, 0.004],
];

function run(q: string, spans: Span[] = SPANS) {
  const acc = new SeriesAccumulator(parseMetricsQuery(q), GRID);
  for (const [route, interval, seconds] of spans) {
    const values = acc.query.by.map(() => route);
    if (acc.query.fn === 'quantile_over_time' || acc.query.fn === 'histogram_over_time') {
      const exponent = log2Exponent(seconds * 1e9);
      if (exponent !== undefined) acc.addBucket(values, interval, 2 ** exponent / 1e9, 1);
    } else acc.add(values, interval, 1, seconds, seconds, seconds);
  }
  return toSeries(acc, () => 0);
}

/** promLabels → the values at each interval ('-' where there is no sample). */
function table(q: string, spans?: Span[]) {
  return Object.fromEntries(
    run(q, spans).series.map((s) => [
      s.promLabels,
      Array.from({ length: 3 }, (_, i) => s.samples.find((x) => x.interval === i)?.value ?? '-'),
    ]),
  );
}

describe('Tempo 2.8 log2 quantiles', () => {
  test('log2Quantile against hand-computed values', () => {
    const three = [
      { max: 1, count: 1 },
      { max: 2, count: 1 },
      { max: 4, count: 2 },
    ];
    const cases: [number, typeof three, number][] = [
      [0.5, three, 2], // ceil(0.5·4) = 2 samples end exactly at bucket 2's bound
      [0.9, three, 4], // ceil(3.6) = 4: all of them, the last bound
      [0.6, three, 2 ** 1.5], // 3 of 4: half-way (in samples) into (2, 4], exponentially
      [0.5, [{ max: 8, count: 4 }], 2 ** 2.5], // a lone bucket starts at half its bound
      [0, [{ max: 8, count: 4 }], 2 ** 2.25], // at least one sample is read
      [0.5, [], 0],
      [1.5, three, 0],
    ];
    for (const [p, buckets, expected] of cases) {
      assert.ok(
        Math.abs(log2Quantile(p, buckets) - expected) < 1e-12,
        `${p}: ${log2Quantile(p, buckets)}`,
      );
    }
  });

  test('bucket exponents: 2^ceil(log2 v), none below 2', () => {
    const cases: [number, number | undefined][] = [
      [1, undefined],
      [2, 1],
      [3, 2],
      [4, 2],
      [3_000_000, 22],
      [4_194_304, 22],
      [4_194_305, 23],
    ];
    for (const [value, exponent] of cases)
      assert.equal(log2Exponent(value), exponent, String(value));
  });
});

describe('metrics functions over tallies', () => {
  test('each function gives the series and values Tempo gives', () => {
    const b22 = 2 ** 22 / 1e9; // bucket of 3 and 4 ms
    const cases: [string, Record<string, unknown[]>][] = [
      ['{} | count_over_time()', { '{__name__="count_over_time"}': [3, 2, 0] }],
      ['{} | rate()', { '{__name__="rate"}': [0.3, 0.2, 0] }],
      [
        '{} | rate() by (span.http.route)',
        {
          '{"span.http.route"="/a"}': [0.2, 0.1, 0],
          '{"span.http.route"="/b"}': [0.1, 0, 0],
          '{"span.http.route"="<nil>"}': [0, 0.1, 0],
        },
      ],
      ['{} | sum_over_time(duration)', { '{__name__="sum_over_time"}': [0.006, 0.504, '-'] }],
      ['{} | min_over_time(duration)', { '{__name__="min_over_time"}': [0.001, 0.004, '-'] }],
      [
        '{} | max_over_time(duration) by (span.http.route)',
        {
          '{"span.http.route"="/a"}': [0.003, 0.5, '-'],
          '{"span.http.route"="/b"}': [0.002, '-', '-'],
          '{"span.http.route"="<nil>"}': ['-', 0.004, '-'],
        },
      ],
      ['{} | avg_over_time(duration)', { '{__name__="avg_over_time"}': [0.002, 0.252, '-'] }],
      [
        '{} | histogram_over_time(duration)',
        {
          '{__bucket="0.001048576"}': [1, 0, 0],
          '{__bucket="0.002097152"}': [1, 0, 0],
          '{__bucket="0.004194304"}': [1, 1, 0],
          '{__bucket="0.536870912"}': [0, 1, 0],
        },
      ],
      [
        '{} | quantile_over_time(duration, .5, 1) by (span.http.route)',
        {
          // /a, interval 0: buckets 2^20 ns (1 ms) and 2^22 ns (3 ms): p50 reads 1 of 2
          // samples, which ends the first bucket: its bound. A lone sample is its bound too.
          '{p="0.5", "span.http.route"="/a"}': [2 ** 20 / 1e9, 2 ** 29 / 1e9, 0],
          '{p="1.0", "span.http.route"="/a"}': [b22, 2 ** 29 / 1e9, 0],
          '{p="0.5", "span.http.route"="/b"}': [2 ** 21 / 1e9, 0, 0],
          '{p="1.0", "span.http.route"="/b"}': [2 ** 21 / 1e9, 0, 0],
          '{p="0.5"}': [0, b22, 0],
          '{p="1.0"}': [0, b22, 0],
        },
      ],
    ];
    for (const [q, expected] of cases) {
      const got = table(q);
      assert.deepEqual(Object.keys(got).sort(), Object.keys(expected).sort(), q);
      for (const [labels, values] of Object.entries(expected)) {
        values.forEach((value, i) => {
          const actual = got[labels]?.[i];
          if (typeof value === 'number')
            assert.ok(
              Math.abs(Number(actual) - value) < 1e-12,
              `${q} ${labels}[${i}] = ${actual}, want ${value}`,
            );
          else assert.equal(actual, value, `${q} ${labels}[${i}]`);
        });
      }
    }
  });

  test('all-nil groups keep the first by() label as nil; series come sorted by promLabels', () => {
    const series = run('{} | count_over_time() by (resource.service.name, span.http.route)', [
      [NIL, 0, 1],
    ]).series;
    assert.deepEqual(
      series.map((s) => s.labels),
      [[{ name: 'resource.service.name', value: NIL }]],
    );
    const sorted = run('{} | rate() by (span.http.route)').series.map((s) => s.promLabels);
    assert.deepEqual(sorted, [...sorted].sort());
  });
});

describe('answers in Tempo JSON', () => {
  test('query_range: zero values and empty fields left out, int64 as strings', () => {
    const result = run('{} | count_over_time() by (span.http.route)', [[str('/b'), 0, 1]]);
    assert.deepEqual(queryRangeJson(result, GRID, 1), {
      series: [
        {
          labels: [{ key: 'span.http.route', value: { stringValue: '/b' } }],
          samples: [
            { timestampMs: '1000000', value: 1 },
            { timestampMs: '1010000' },
            { timestampMs: '1020000' },
          ],
          promLabels: '{"span.http.route"="/b"}',
        },
      ],
      metrics: { inspectedSpans: '1', completedJobs: 1, totalJobs: 1 },
    });
    assert.deepEqual(queryRangeJson(run('{} | rate()', []), GRID, 0), {
      metrics: { completedJobs: 1, totalJobs: 1 },
    });
  });

  test('query (instant): one value per series', () => {
    const grid: TimeGrid = {
      ...GRID,
      endNs: GRID.startNs + 60n * S,
      stepNs: 60n * S,
      intervals: 1,
    };
    const acc = new SeriesAccumulator(parseMetricsQuery('{} | rate() by (span.http.route)'), grid);
    acc.add([str('/a')], 0, 3);
    assert.deepEqual(
      queryInstantJson(
        toSeries(acc, () => 0),
        3,
      ),
      {
        series: [
          {
            labels: [{ key: 'span.http.route', value: { stringValue: '/a' } }],
            value: 0.05,
            promLabels: '{"span.http.route"="/a"}',
          },
        ],
        metrics: { inspectedSpans: '3', completedJobs: 1, totalJobs: 1 },
      },
    );
  });

  test('past the series cap the answer is partial, as Tempo says it', () => {
    const acc = new SeriesAccumulator(
      parseMetricsQuery('{} | count_over_time() by (span:id)'),
      GRID,
    );
    for (let i = 0; i < 1_005; i++) acc.add([str(String(i).padStart(5, '0'))], 0, 1);
    const body = queryRangeJson(
      toSeries(acc, () => 0),
      GRID,
      1_005,
    ) as { series: unknown[]; status: string; message: string };
    assert.equal(body.series.length, 1_000);
    assert.equal(body.status, 'PARTIAL');
    assert.match(
      body.message,
      /^Response exceeds maximum series limit of 1000, a partial response is returned/,
    );
  });
});
