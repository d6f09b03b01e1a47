import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatApiData, formatApiDataJson, formatSampleValue, formatTimestamp } from './format';
import type { FloatHistogram } from './histogram/float-histogram';

describe('sample values are written as Prometheus writes them', () => {
  const rows: [number, string][] = [
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [-2.5, '-2.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-6, '0.000001'],
    [1e-7, '1e-07'],
    [-1.5e-9, '-1.5e-09'],
    [1e20, '100000000000000000000'],
    [1e21, '1e+21'],
    [1.2345e100, '1.2345e+100'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [Number.NaN, 'NaN'],
  ];
  for (const [value, text] of rows) test(text, () => assert.equal(formatSampleValue(value), text));
});

describe('timestamps are seconds with millisecond precision', () => {
  const rows: [number, string][] = [
    [1435781451781, '1435781451.781'],
    [1500, '1.500'],
    [1005, '1.005'],
    [60000, '60'],
    [-1500, '-1.500'],
    [0, '0'],
  ];
  for (const [ms, text] of rows) test(text, () => assert.equal(formatTimestamp(ms), text));
});

describe('the API data object', () => {
  test('vector', () => {
    const data = formatApiData({
      resultType: 'vector',
      result: [{ metric: [{ name: 'a', value: 'b' }], t: 1500, v: 1e-7 }],
    });
    assert.deepEqual(data, {
      resultType: 'vector',
      result: [{ metric: { a: 'b' }, value: [1.5, '1e-07'] }],
    });
  });
  test('matrix as exact JSON', () => {
    const json = formatApiDataJson({
      resultType: 'matrix',
      result: [{ metric: [], timestamps: [1000, 61500], values: [1, Number.NaN] }],
    });
    assert.equal(
      json,
      '{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[61.500,"NaN"]]}]}',
    );
    assert.deepEqual(JSON.parse(json).result[0].values[1], [61.5, 'NaN']);
  });
  test('scalar and string', () => {
    assert.deepEqual(formatApiData({ resultType: 'scalar', result: { t: 2000, v: 3 } }), {
      resultType: 'scalar',
      result: [2, '3'],
    });
    assert.deepEqual(formatApiData({ resultType: 'string', result: { t: 2000, v: 'x' } }), {
      resultType: 'string',
      result: [2, 'x'],
    });
  });
});

describe('native histograms in the API data object', () => {
  const h: FloatHistogram = {
    counterResetHint: 'unknown',
    schema: 0,
    zeroThreshold: 0.001,
    zeroCount: 1,
    count: 5,
    sum: 4.5,
    positiveSpans: [{ offset: 0, length: 3 }],
    positiveBuckets: [1, 0, 2],
    negativeSpans: [{ offset: 1, length: 1 }],
    negativeBuckets: [1],
  };
  // Bounds at schema 0 are powers of two: positive bucket i is (2^(i-1), 2^i]; negative ones are
  // [-2^i, -2^(i-1)); the zero bucket is closed. Empty buckets are left out.
  const expected = {
    count: '5',
    sum: '4.5',
    buckets: [
      [1, '-2', '-1', '1'],
      [3, '-0.001', '0.001', '1'],
      [0, '0.5', '1', '1'],
      [0, '2', '4', '2'],
    ],
  };
  test('a vector sample has `histogram` instead of `value`', () => {
    const data = formatApiData({
      resultType: 'vector',
      result: [{ metric: [{ name: 'a', value: 'b' }], t: 1500, v: Number.NaN, h }],
    });
    assert.deepEqual(data, {
      resultType: 'vector',
      result: [{ metric: { a: 'b' }, histogram: [1.5, expected] }],
    });
    const json = formatApiDataJson({
      resultType: 'vector',
      result: [{ metric: [], t: 1500, v: Number.NaN, h }],
    });
    assert.deepEqual(JSON.parse(json), {
      resultType: 'vector',
      result: [{ metric: {}, histogram: [1.5, expected] }],
    });
  });
  test('a matrix series has `histograms`, and `values` only when it has floats', () => {
    const json = formatApiDataJson({
      resultType: 'matrix',
      result: [
        {
          metric: [],
          timestamps: [],
          values: [],
          histogramTimestamps: [1000, 2000],
          histograms: [
            h,
            { ...h, count: 0, zeroCount: 0, positiveBuckets: [0, 0, 0], negativeBuckets: [0] },
          ],
        },
        {
          metric: [{ name: 'x', value: '1' }],
          timestamps: [1000],
          values: [2],
          histogramTimestamps: [2000],
          histograms: [h],
        },
      ],
    });
    assert.ok(json.startsWith('{"resultType":"matrix","result":[{"metric":{},"histograms":[[1,{'));
    assert.deepEqual(JSON.parse(json).result, [
      {
        metric: {},
        histograms: [
          [1, expected],
          [2, { count: '0', sum: '4.5' }],
        ],
      },
      { metric: { x: '1' }, values: [[1, '2']], histograms: [[2, expected]] },
    ]);
    assert.deepEqual(
      formatApiData({
        resultType: 'matrix',
        result: [
          { metric: [], timestamps: [], values: [], histogramTimestamps: [1000], histograms: [h] },
        ],
      }),
      {
        resultType: 'matrix',
        result: [{ metric: {}, histograms: [[1, expected]] }],
      },
    );
  });
});
