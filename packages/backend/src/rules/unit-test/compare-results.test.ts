import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextAfter, type ParsedSample, samplesEqual, sortAlerts } from './compare-results';

test('nextAfter steps one float as Go math.Nextafter does', () => {
  const cases: [number, number, number][] = [
    [3, Number.POSITIVE_INFINITY, 3.0000000000000004],
    [3, Number.NEGATIVE_INFINITY, 2.9999999999999996],
    [-1, 0, -0.9999999999999999],
    [0, 1, Number.MIN_VALUE],
    [0, -1, -Number.MIN_VALUE],
    [2, 2, 2],
  ];
  for (const [x, y, want] of cases) assert.equal(nextAfter(x, y), want, `${x} → ${y}`);
  assert.ok(Number.isNaN(nextAfter(Number.NaN, 1)));
});

test('samples compare exactly, or one float step apart with fuzzy_compare; NaN never matches', () => {
  const s = (value: number): ParsedSample[] => [{ labels: [['__name__', 'x']], value }];
  const cases: [number, number, boolean, boolean][] = [
    [3, 3, false, true],
    [3, 3.0000000000000004, false, false],
    [3, 3.0000000000000004, true, true],
    [3, 2.9999999999999996, true, true],
    [3, 3.000000000000001, true, false],
    [Number.NaN, Number.NaN, true, false],
  ];
  for (const [a, b, fuzzy, equal] of cases)
    assert.equal(samplesEqual(s(a), s(b), fuzzy), equal, `${a} ${b} fuzzy=${fuzzy}`);
});

test('alerts sort by labels, then annotations, as labels.Compare orders them', () => {
  const sorted = sortAlerts([
    { labels: [['a', '2']], annotations: [] },
    { labels: [['a', '1']], annotations: [['s', 'z']] },
    { labels: [['a', '1']], annotations: [['s', 'b']] },
    {
      labels: [
        ['a', '1'],
        ['b', '0'],
      ],
      annotations: [],
    },
  ]);
  assert.deepEqual(
    sorted.map((a) => [a.labels.length, a.labels[0]?.[1], a.annotations[0]?.[1]]),
    [
      [1, '1', 'b'],
      [1, '1', 'z'],
      [2, '1', undefined],
      [1, '2', undefined],
    ],
  );
});
