import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classicHeatmap, isClassicBuckets } from './classic-heatmap.js';
import { cellColor } from './colors.js';
import { capRows, columnAt, columnTotals, type Heatmap, rowLabel, rowPosition } from './heatmap.js';
import {
  type HistogramMatrixSeries,
  hasNativeHistograms,
  nativeHeatmap,
} from './native-heatmap.js';
import { quantileQuery } from './quantile-queries.js';

/** Rows as "lower..upper" and counts per row, for compact expectations. */
const shape = (h: Heatmap | null) =>
  h && {
    rows: h.rows.map((r) => rowLabel(r, String)),
    counts: h.counts,
    max: h.max,
    series: h.series,
    merged: h.merged,
  };

// Prometheus 3's JSON for native histograms: [rule, lower, upper, count], per-bucket counts.
const native = (
  metric: Record<string, string>,
  points: [number, [number, string, string, string][]][],
): HistogramMatrixSeries => ({
  metric,
  histograms: points.map(([t, buckets]) => [t, { count: '0', sum: '0', buckets }]),
});

describe('nativeHeatmap', () => {
  const rows: {
    name: string;
    /** The step grid: 0 to end by step. */
    end: number;
    step: number;
    result: HistogramMatrixSeries[];
    expected: ReturnType<typeof shape>;
  }[] = [
    {
      name: 'one series, the same buckets at every step',
      end: 20,
      step: 10,
      result: [
        native({ job: 'a' }, [
          [
            10,
            [
              [0, '0.5', '1', '2'],
              [0, '1', '2', '3'],
            ],
          ],
          [20, [[0, '0.5', '1', '1']]],
        ]),
      ],
      expected: {
        rows: ['(0.5, 1]', '(1, 2]'],
        counts: [
          [0, 2, 1],
          [0, 3, 0],
        ],
        max: 3,
        series: 1,
        merged: 1,
      },
    },
    {
      name: 'two series add up step by step; the zero bucket keeps its closed brackets',
      end: 0,
      step: 1,
      result: [
        native({ job: 'a' }, [
          [
            0,
            [
              [3, '-0.001', '0.001', '4'],
              [0, '1', '2', '1'],
            ],
          ],
        ]),
        native({ job: 'b' }, [[0, [[0, '1', '2', '2']]]]),
      ],
      expected: {
        rows: ['[-0.001, 0.001]', '(0.001, 1]', '(1, 2]'],
        counts: [[4], [0], [3]],
        max: 4,
        series: 2,
        merged: 1,
      },
    },
    {
      name: 'a coarser bucket at another step spreads over the finer rows it covers',
      end: 1,
      step: 1,
      result: [
        native({}, [
          [
            0,
            [
              [0, '1', '2', '2'],
              [0, '2', '4', '2'],
            ],
          ],
          [1, [[0, '1', '4', '6']]],
        ]),
      ],
      expected: {
        rows: ['(1, 2]', '(2, 4]'],
        counts: [
          [2, 3],
          [2, 3],
        ],
        max: 3,
        series: 1,
        merged: 1,
      },
    },
    {
      name: 'points off the step grid, empty and all-empty histograms draw nothing',
      end: 1,
      step: 1,
      result: [
        native({}, [
          [99, [[0, '1', '2', '5']]],
          [0, [[0, '1', '2', '0']]],
          [1, []],
        ]),
      ],
      expected: null,
    },
  ];
  for (const row of rows) {
    test(row.name, () => {
      assert.deepEqual(shape(nativeHeatmap(row.result, 0, row.end, row.step)), row.expected);
    });
  }

  test('a float-only answer has no native histograms', () => {
    assert.equal(hasNativeHistograms([{ metric: {}, values: [[0, '1']] }]), false);
    assert.equal(hasNativeHistograms([native({}, [[0, [[0, '1', '2', '1']]]])]), true);
  });
});

const classic = (le: string, values: [number, string][], labels: Record<string, string> = {}) => ({
  metric: { ...labels, le },
  values,
});

describe('classicHeatmap', () => {
  const rows: {
    name: string;
    end: number;
    result: HistogramMatrixSeries[];
    expected: ReturnType<typeof shape>;
  }[] = [
    {
      name: 'cumulative le series are de-cumulated per step, the first bucket from 0',
      end: 1,
      result: [
        classic('+Inf', [
          [0, '10'],
          [1, '12'],
        ]),
        classic('0.1', [
          [0, '5'],
          [1, '5'],
        ]),
        classic('0.5', [
          [0, '9'],
          [1, '12'],
        ]),
      ],
      expected: {
        rows: ['(0, 0.1]', '(0.1, 0.5]', '(0.5, Infinity]'],
        counts: [
          [5, 5],
          [4, 7],
          [1, 0],
        ],
        max: 7,
        series: 1,
        merged: 1,
      },
    },
    {
      name: 'histograms with other labels are summed, as sum by (le) would',
      end: 0,
      result: [
        classic('1', [[0, '1']], { endpoint: '/a' }),
        classic('+Inf', [[0, '3']], { endpoint: '/a' }),
        classic('1', [[0, '2']], { endpoint: '/b' }),
        classic('+Inf', [[0, '2']], { endpoint: '/b' }),
      ],
      expected: {
        rows: ['(0, 1]', '(1, Infinity]'],
        counts: [[3], [2]],
        max: 3,
        series: 2,
        merged: 1,
      },
    },
    {
      name: 'a bucket below its predecessor (a lost scrape) counts as none',
      end: 0,
      result: [classic('1', [[0, '4']]), classic('2', [[0, '3']]), classic('+Inf', [[0, '5']])],
      expected: {
        rows: ['(0, 1]', '(1, 2]', '(2, Infinity]'],
        counts: [[4], [0], [1]],
        max: 4,
        series: 1,
        merged: 1,
      },
    },
  ];
  for (const row of rows) {
    test(row.name, () => {
      assert.deepEqual(shape(classicHeatmap(row.result, 0, row.end, 1)), row.expected);
    });
  }

  test('only series that all carry le and floats are classic buckets', () => {
    assert.equal(isClassicBuckets([classic('1', [[0, '1']])]), true);
    assert.equal(
      isClassicBuckets([classic('1', [[0, '1']]), { metric: {}, values: [[0, '1']] }]),
      false,
    );
    assert.equal(isClassicBuckets([{ metric: { le: 'x' }, values: [[0, '1']] }]), false);
    assert.equal(isClassicBuckets([]), false);
  });
});

describe('capRows', () => {
  test('more rows than the cap merge in equal groups; counts and bounds are kept', () => {
    const fine = nativeHeatmap(
      [
        native({}, [
          [
            0,
            Array.from(
              { length: 7 },
              (_, i) =>
                [0, String(i), String(i + 1), String(i + 1)] as [number, string, string, string],
            ),
          ],
        ]),
      ],
      0,
      0,
      1,
    ) as Heatmap;
    assert.equal(fine.rows.length, 7);
    const capped = capRows(fine, 3);
    assert.deepEqual(shape(capped), {
      rows: ['(0, 3]', '(3, 6]', '(6, 7]'],
      counts: [[6], [15], [7]],
      max: 15,
      series: 1,
      merged: 3,
    });
    assert.deepEqual(columnTotals(capped), columnTotals(fine));
    assert.equal(capRows(fine, 7), fine);
  });

  test('a native histogram with thousands of buckets is drawn in at most 60 rows', () => {
    const buckets = Array.from({ length: 3000 }, (_, i) => {
      const lower = 2 ** (i / 256);
      return [0, String(lower), String(2 ** ((i + 1) / 256)), '1'] as [
        number,
        string,
        string,
        string,
      ];
    });
    const heatmap = nativeHeatmap([native({}, [[0, buckets]])], 0, 0, 1) as Heatmap;
    assert.ok(heatmap.rows.length <= 60, `${heatmap.rows.length} rows`);
    assert.equal(heatmap.merged, 50);
    assert.equal(columnTotals(heatmap)[0], 3000);
  });
});

describe('rowLabel and cellColor', () => {
  test('brackets follow the boundary rule', () => {
    const labels = ([0, 1, 2, 3] as const).map((rule) =>
      rowLabel({ lower: 1, upper: 2, rule }, String),
    );
    assert.deepEqual(labels, ['(1, 2]', '[1, 2)', '(1, 2)', '[1, 2]']);
  });

  test('colours run from light for few to dark for many', () => {
    const lightness = (c: string) => (c.match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0);
    const scale = [0, 1, 10, 50, 100].map((n) => lightness(cellColor(n, 100)));
    assert.deepEqual(
      [...scale].sort((a, b) => b - a),
      scale,
    );
    assert.equal(cellColor(100, 100), 'rgb(166, 54, 3)');
    assert.equal(cellColor(0, 0), cellColor(0, 100));
  });
});

describe('rowPosition and columnAt', () => {
  const rows = [
    { lower: 0, upper: 0.1, rule: 0 as const },
    { lower: 0.1, upper: 0.5, rule: 0 as const },
    { lower: 0.5, upper: Infinity, rule: 0 as const },
  ];
  const cases: [number | null, number | null][] = [
    [0.05, 0.5],
    [0.1, 1],
    [0.3, 1.5],
    [0.5, 2],
    [7, 2.5],
    [-1, null],
    [null, null],
    [Number.NaN, null],
  ];
  for (const [value, expected] of cases) {
    test(`${value} sits at ${expected}`, () => {
      const position = rowPosition(rows, value);
      if (expected === null) assert.equal(position, null);
      else assert.ok(Math.abs((position as number) - expected) < 1e-9, String(position));
    });
  }

  test('a column covers the step that ends at its time', () => {
    const heatmap = { xs: [10, 20, 30], step: 10 } as Heatmap;
    assert.deepEqual(
      [0, 5, 10, 11, 20, 29, 30, 31].map((t) => columnAt(heatmap, t)),
      [null, 0, 0, 1, 1, 2, 2, null],
    );
  });
});

describe('quantileQuery', () => {
  const rows = [
    {
      kind: 'native' as const,
      query: 'rate(app_request_duration_seconds[5m])',
      expected: 'histogram_quantile(0.9, sum(rate(app_request_duration_seconds[5m])))',
    },
    {
      kind: 'classic' as const,
      query: 'rate(x_bucket[5m]) or rate(y_bucket[5m])',
      expected: 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m]) or rate(y_bucket[5m])))',
    },
  ];
  for (const row of rows) {
    test(`${row.kind}: the query's sum, parenthesised whole`, () => {
      assert.equal(quantileQuery(row.query, row.kind, 0.9), row.expected);
    });
  }
});
