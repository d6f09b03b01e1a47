import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromLocalInput, toLocalInput } from '../local-time.js';
import { legendClick } from './legend.js';
import { matrixToPlotData, parseValue, stackSeries } from './plot-data.js';
import { autoStep, formatRange, parseRange, rangeQuery, shiftedEnd, zoomedRange } from './range.js';
import { seriesName } from './series-name.js';
import { formatValue, guessUnit } from './units.js';
import { DEFAULT_STATE, decodeMetricsState, encodeMetricsState } from './url-state.js';

describe('metrics URL state', () => {
  const cases = [
    { search: '', state: DEFAULT_STATE },
    {
      search:
        '?query=rate%28a%5B5m%5D%29&range=6h&end=2026-11-26T18%3A00%3A05Z&step=30&tab=table&stacked=1&exemplars=0&heatmap=0&quantiles=1',
      state: {
        query: 'rate(a[5m])',
        range: '6h',
        end: Date.UTC(2026, 10, 26, 18, 0, 5) / 1000,
        step: 30,
        tab: 'table',
        stacked: true,
        exemplars: false,
        heatmap: false,
        quantiles: true,
      },
    },
    { search: '?query=up', state: { ...DEFAULT_STATE, query: 'up' } },
    { search: '?query=up&quantiles=1', state: { ...DEFAULT_STATE, query: 'up', quantiles: true } },
    // A range a zoom chose, not one of the presets.
    { search: '?range=7m30s', state: { ...DEFAULT_STATE, range: '7m30s' } },
  ] as const;
  for (const { search, state } of cases) {
    it(`decodes and encodes ${search || '(empty)'}`, () => {
      assert.deepEqual(decodeMetricsState(search), state);
      assert.equal(encodeMetricsState(state), search);
    });
  }
  const bad = [
    { search: '?range=2x', expected: { ...DEFAULT_STATE } },
    { search: '?range=0s', expected: { ...DEFAULT_STATE } },
    { search: '?range=32d', expected: { ...DEFAULT_STATE } },
    { search: '?end=yesterday', expected: { ...DEFAULT_STATE } },
    // Past year 9999: it could not be written back into the URL.
    { search: '?end=9000000000000', expected: { ...DEFAULT_STATE } },
    { search: '?step=-1', expected: { ...DEFAULT_STATE } },
    { search: '?step=abc&tab=x', expected: { ...DEFAULT_STATE } },
  ];
  for (const { search, expected } of bad) {
    it(`falls back to defaults for ${search}`, () => {
      assert.deepEqual(decodeMetricsState(search), expected);
    });
  }
  it('takes the end as epoch seconds too, as the Prometheus API does', () => {
    assert.equal(decodeMetricsState('?end=1764180005').end, 1_764_180_005);
    assert.equal(decodeMetricsState('?end=1764180005.4').end, 1_764_180_005);
  });
});

describe('custom ranges', () => {
  it('parses Prometheus-style durations of whole units', () => {
    assert.deepEqual(
      ['5m', '7m30s', '1h', '2d', '1w', '1h30m15s', '90s'].map(parseRange),
      [300, 450, 3600, 172_800, 604_800, 5415, 90],
    );
    assert.deepEqual(['', '1.5h', '30m1h', 'h', '1y', '0s', '32d'].map(parseRange), [
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
  it('writes the shortest duration back', () => {
    assert.deepEqual([450, 3600, 5415, 172_800, 0.4, 59.6].map(formatRange), [
      '7m30s',
      '1h',
      '1h30m15s',
      '2d',
      '1s',
      '1m',
    ]);
    for (const range of ['5m', '15m', '1h', '6h', '24h']) {
      assert.equal(parseRange(formatRange(parseRange(range) ?? 0)), parseRange(range));
    }
  });
  it('a drag across the graph becomes the range and its end', () => {
    assert.deepEqual(zoomedRange(1000.4, 1450.2), { range: '7m30s', end: 1450 });
    // A drag narrower than a second still shows a second.
    assert.deepEqual(zoomedRange(1000.1, 1000.3), { range: '1s', end: 1000 });
  });
  it('an end in the past fixes the window there', () => {
    const got = rangeQuery({ range: '1h', step: null, end: 1_000_000 }, 5_000_000_000);
    assert.deepEqual(got, { start: 996_400, end: 1_000_000, step: 14 });
  });
  it('‹ and › move by half the range; reaching now follows now again', () => {
    const now = 10_000_000;
    assert.equal(shiftedEnd({ range: '1h', end: null }, -1, now), 8200);
    assert.equal(shiftedEnd({ range: '1h', end: 8200 }, -1, now), 6400);
    assert.equal(shiftedEnd({ range: '1h', end: 6400 }, 1, now), 8200);
    assert.equal(shiftedEnd({ range: '1h', end: 8200 }, 1, now), null);
  });
  it('round-trips the datetime-local input in local time', () => {
    const seconds = 1_764_180_005;
    assert.match(toLocalInput(seconds), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    assert.equal(fromLocalInput(toLocalInput(seconds)), seconds);
    // Browsers leave the seconds out when they are zero.
    assert.equal(fromLocalInput(toLocalInput(seconds).slice(0, 16)), seconds - 5);
    assert.equal(fromLocalInput(''), null);
    assert.equal(fromLocalInput('not a time'), null);
  });
});

describe('range and step', () => {
  const cases = [
    {
      range: '5m',
      step: null,
      now: 1_000_000_500,
      expected: { start: 999_700, end: 1_000_000, step: 1 },
    },
    {
      range: '1h',
      step: null,
      now: 3_600_000_000,
      expected: { start: 3_596_400, end: 3_600_000, step: 14 },
    },
    {
      range: '1h',
      step: 60,
      now: 3_600_059_000,
      expected: { start: 3_596_459, end: 3_600_059, step: 60 },
    },
  ] as const;
  for (const { range, step, now, expected } of cases) {
    it(`${range} step ${step}`, () => {
      const got = rangeQuery({ range, step, end: null }, now);
      assert.equal(got.step, expected.step);
      assert.equal(got.end - got.start, expected.end - expected.start);
      assert.equal(got.end, Math.round(now / 1000));
    });
  }
  it('auto step is about 250 points', () => {
    assert.deepEqual([300, 3600, 86_400].map(autoStep), [1, 14, 346]);
  });
});

describe('series names', () => {
  const cases: { metric: Record<string, string>; name: string }[] = [
    { metric: { __name__: 'up' }, name: 'up' },
    { metric: {}, name: '{}' },
    { metric: { job: 'a', __name__: 'up', env: 'x' }, name: 'up{env="x", job="a"}' },
    { metric: { route: '/a"b\\c' }, name: '{route="/a\\"b\\\\c"}' },
    { metric: { v: '<img src=x onerror=alert(1)>' }, name: '{v="<img src=x onerror=alert(1)>"}' },
  ];
  for (const { metric, name } of cases) it(name, () => assert.equal(seriesName(metric), name));
});

describe('plot data from a matrix', () => {
  it('puts points on the step grid with gaps as null', () => {
    const data = matrixToPlotData(
      [
        {
          metric: { __name__: 'a' },
          values: [
            [100, '1'],
            [120, '3'],
          ],
        },
        {
          metric: { __name__: 'b' },
          values: [
            [110, 'NaN'],
            [120, '+Inf'],
          ],
        },
      ],
      100,
      120,
      10,
    );
    assert.deepEqual(data.xs, [100, 110, 120]);
    assert.deepEqual(data.series, [
      { name: 'a', values: [1, null, 3] },
      { name: 'b', values: [null, null, Number.POSITIVE_INFINITY] },
    ]);
  });
  const values = [
    ['1.5', 1.5],
    ['NaN', null],
    ['-Inf', Number.NEGATIVE_INFINITY],
    ['x', null],
  ] as const;
  for (const [text, expected] of values)
    it(`parses ${text}`, () => assert.equal(parseValue(text), expected));
  it('stacks visible series only', () => {
    assert.deepEqual(
      stackSeries(
        [
          [1, 2, null],
          [10, 20, 30],
          [100, null, 300],
        ],
        [true, false, true],
      ),
      [
        [1, 2, null],
        [10, 20, 30],
        [101, null, 300],
      ],
    );
  });
});

describe('legend clicks', () => {
  const cases = [
    { visible: [true, true, true], index: 1, isolate: false, expected: [true, false, true] },
    { visible: [true, false, true], index: 1, isolate: false, expected: [true, true, true] },
    { visible: [true, true, true], index: 2, isolate: true, expected: [false, false, true] },
    { visible: [false, false, true], index: 2, isolate: true, expected: [true, true, true] },
    { visible: [false, true, false], index: 0, isolate: true, expected: [true, false, false] },
  ];
  for (const { visible, index, isolate, expected } of cases) {
    it(`${visible} click ${index}${isolate ? ' isolating' : ''}`, () => {
      assert.deepEqual(legendClick(visible, index, isolate), expected);
    });
  }
});

describe('units', () => {
  const cases = [
    { value: 1234, unit: 'short', text: '1.23k' },
    { value: 0.5, unit: 'short', text: '0.5' },
    { value: 0.25, unit: 'seconds', text: '250ms' },
    { value: 90, unit: 'seconds', text: '1.5min' },
    { value: 2048, unit: 'bytes', text: '2KiB' },
    { value: 0.123, unit: 'percent', text: '12.3%' },
    { value: 0.1 + 0.2, unit: 'none', text: '0.30000000000000004' },
    { value: null, unit: 'short', text: '—' },
    { value: Number.POSITIVE_INFINITY, unit: 'short', text: '+Inf' },
  ] as const;
  for (const { value, unit, text } of cases) {
    it(`${value} ${unit}`, () => assert.equal(formatValue(value, unit), text));
  }
  const guesses = [
    ['rate(http_server_duration_seconds_sum[5m])', 'seconds'],
    ['process_resident_memory_bytes', 'bytes'],
    ['app_requests_total', 'short'],
    ['histogram_quantile(0.95, rate(x_seconds_bucket[5m]))', 'seconds'],
  ] as const;
  for (const [query, unit] of guesses)
    it(`guesses ${unit} for ${query}`, () => assert.equal(guessUnit(query), unit));
});
