import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FloatHistogram } from '../histogram/float-histogram';
import { fh } from '../histogram/test-fixture';
import { evalMixedSeries, mixedRangeFunction } from './mixed-range-call';
import type { MixedSource } from './mixed-window';
import { type RangeFunction, rangeFunctions } from './range-functions';
import type { EvalSeries } from './values';

const h = (count: number): FloatHistogram => fh({ count, sum: count });

/** One step at t=100s over a 100s window: every sample below is inside it. */
function run(name: string, source: Omit<MixedSource, 'metric' | 'dropName'>) {
  const notes: string[] = [];
  const fn = mixedRangeFunction(
    name,
    rangeFunctions[name] as RangeFunction,
    rangeFunctions,
    undefined,
  );
  const { series } = evalMixedSeries(
    { metric: [{ name: '__name__', value: 'm' }], dropName: false, ...source },
    {
      start: 100_000,
      interval: 0,
      steps: 1,
      range: 100_000,
      offset: 0,
      fixed: undefined,
      before: 0,
      after: 0,
      scalarParams: [],
    },
    fn,
    { metricName: 'm', note: (kind, message) => notes.push(`${kind}: ${message}`) },
  );
  return { series, notes };
}

const value = (s: EvalSeries) => (s.ts.length > 0 ? s.vs[0] : s.hs?.[0]);

const mixed = { ts: [10_000, 30_000], vs: [5, 2], hts: [20_000, 40_000], hs: [h(4), h(3)] };
const histogramsOnly = { ts: [], vs: [], hts: [20_000, 40_000], hs: [h(4), h(3)] };
const ignored =
  'info: ignored histograms in a range containing both floats and histograms for metric name "m"';

describe('range functions over windows with native histograms', () => {
  // [function, window, expected value, expected notes]
  const rows: [string, Omit<MixedSource, 'metric' | 'dropName'>, unknown, string[]][] = [
    ['max_over_time', mixed, 5, [ignored]],
    ['quantile_over_time', histogramsOnly, undefined, []],
    ['stddev_over_time', histogramsOnly, undefined, []],
    ['count_over_time', mixed, 4, []],
    // Every switch between a float and a histogram is a change and a reset.
    ['changes', mixed, 3, []],
    ['resets', mixed, 3, []],
    ['resets', histogramsOnly, 1, []],
    ['changes', histogramsOnly, 1, []],
    ['ts_of_last_over_time', mixed, 40, []],
    ['last_over_time', mixed, h(3), []],
    ['first_over_time', mixed, 5, []],
    [
      'sum_over_time',
      mixed,
      undefined,
      ['warning: encountered a mix of histograms and floats for metric name "m"'],
    ],
  ];
  for (const [name, source, expected, notes] of rows) {
    test(`${name} over ${source === mixed ? 'floats and histograms' : 'histograms'}`, () => {
      const r = run(name, source);
      assert.deepEqual(
        r.series.ts.length + (r.series.hts?.length ?? 0) > 0 ? value(r.series) : undefined,
        expected,
      );
      assert.deepEqual(r.notes, notes);
    });
  }
});
