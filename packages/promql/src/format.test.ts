import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatApiData, formatApiDataJson, formatSampleValue, formatTimestamp } from './format';

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
