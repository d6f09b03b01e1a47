import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FloatHistogram } from '../histogram/float-histogram';
import { fh } from '../histogram/test-fixture';
import type { Labels } from '../labels';
import { histogramFunctions } from './histogram-functions';
import type { Sample, Vector } from './values';

// Three observations, one of them NaN: buckets (0.5,1] and (1,2] hold one each.
const withNaN = fh({
  count: 3,
  sum: Number.NaN,
  positiveSpans: [{ offset: 0, length: 2 }],
  positiveBuckets: [1, 1],
});

function sample(metric: Labels, h?: FloatHistogram, f = 0): Sample {
  return h ? { metric, f, h, t: 0, dropName: false } : { metric, f, t: 0, dropName: false };
}

const scalar = (f: number): Vector => [sample([], undefined, f)];
const named = (name: string, extra: Labels = []): Labels => [
  { name: '__name__', value: name },
  ...extra,
];

function run(fn: string, vectors: Vector[]) {
  const notes: string[] = [];
  const out = (histogramFunctions[fn] as (typeof histogramFunctions)[string])({
    vectors,
    t: 0,
    annotate: (i, kind, message) => notes.push(`${kind}@${i}: ${message}`),
  });
  return { values: out.map((s) => s.f), notes };
}

test('NaN observations are reported as Prometheus reports them', () => {
  const cases = [
    {
      name: 'quantile inside a bucket is skewed higher',
      fn: 'histogram_quantile',
      vectors: [scalar(0.5), [sample(named('h'), withNaN)]],
      notes: [
        'info@1: input to histogram_quantile has NaN observations, result is skewed higher for metric name "h"',
      ],
    },
    {
      name: 'quantile above every bucket is NaN',
      fn: 'histogram_quantile',
      vectors: [scalar(0.9), [sample(named('h'), withNaN)]],
      notes: [
        'info@1: input to histogram_quantile has NaN observations, result is NaN for metric name "h"',
      ],
    },
    {
      name: 'fraction excludes them',
      fn: 'histogram_fraction',
      vectors: [scalar(0), scalar(1), [sample(named('h'), withNaN)]],
      notes: [
        'info@2: input to histogram_fraction has NaN observations, which are excluded from all fractions for metric name "h"',
      ],
    },
  ];
  for (const c of cases) assert.deepEqual(run(c.fn, c.vectors).notes, c.notes, c.name);
});

test('only the native histogram that collides with classic buckets is left out', () => {
  const classic = [
    sample(
      named('m', [
        { name: 'a', value: '1' },
        { name: 'le', value: '1' },
      ]),
      undefined,
      1,
    ),
    sample(
      named('m', [
        { name: 'a', value: '1' },
        { name: 'le', value: '+Inf' },
      ]),
      undefined,
      2,
    ),
  ];
  const colliding = sample(named('m', [{ name: 'a', value: '1' }]), withNaN);
  const apart = sample(named('m', [{ name: 'a', value: '2' }]), fh({ count: 2, sum: 3 }));
  const { values, notes } = run('histogram_count', [[...classic, colliding, apart]]);
  assert.deepEqual(values, [3, 2], 'histogram_count reads every native histogram, floats aside');
  const q = run('histogram_quantile', [scalar(0.5), [...classic, colliding, apart]]);
  assert.equal(q.values.length, 1, 'the colliding pair yields nothing');
  assert.deepEqual(q.notes, [
    'warning@1: vector contains a mix of classic and native histograms for metric name "m"',
  ]);
  assert.deepEqual(notes, []);
});
