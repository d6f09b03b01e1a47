import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignSeries, lastValue, nameSeries } from './series.js';

test('nameSeries, alignSeries, lastValue', () => {
  const named = nameSeries(
    [
      {
        metric: { endpoint: '/a' },
        values: [
          [10, '1'],
          [20, '2'],
          [30, 'NaN'],
        ],
      },
      {
        metric: { endpoint: '/b' },
        values: [
          [20, '5'],
          [40, '+Inf'],
        ],
      },
      { metric: {}, value: [40, '7'] },
    ],
    '{{endpoint}}',
  );
  assert.deepEqual(
    named.map((s) => s.name),
    ['/a', '/b', ''],
  );
  assert.deepEqual(alignSeries(named), [
    [10, 20, 30, 40],
    [1, 2, null, null],
    [null, 5, null, Number.POSITIVE_INFINITY],
    [null, null, null, 7],
  ]);
  const cases = [
    { series: named[0], expected: 2 },
    { series: named[1], expected: Number.POSITIVE_INFINITY },
    { series: { name: '', labels: {}, points: [] }, expected: null },
  ];
  for (const { series, expected } of cases) assert.equal(lastValue(series as never), expected);
  assert.deepEqual(alignSeries([]), [[]]);
});
