import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FloatHistogram } from '../histogram/float-histogram';
import { fh } from '../histogram/test-fixture';
import { parseHistogramDescription } from './histogram-description';

const parsed: [string, FloatHistogram, boolean][] = [
  ['', fh({}), false],
  [' ', fh({}), false],
  ['sum:5 count:4', fh({ sum: 5, count: 4 }), false],
  [
    'schema:0 sum:5 count:4 z_bucket:1 z_bucket_w:0.001 offset:-1 buckets:[1 2 1] n_offset:0 n_buckets:[1] counter_reset_hint:gauge',
    fh({
      counterResetHint: 'gauge',
      sum: 5,
      count: 4,
      zeroCount: 1,
      zeroThreshold: 0.001,
      positiveSpans: [{ offset: -1, length: 3 }],
      positiveBuckets: [1, 2, 1],
      negativeSpans: [{ offset: 0, length: 1 }],
      negativeBuckets: [1],
    }),
    true,
  ],
  [
    'schema:-53 sum:1 count:1 custom_values:[0.1 0.5] buckets:[1]',
    fh({
      schema: -53,
      sum: 1,
      count: 1,
      customValues: [0.1, 0.5],
      positiveSpans: [{ offset: 0, length: 1 }],
      positiveBuckets: [1],
    }),
    false,
  ],
  [
    'count:Inf sum:NaN z_bucket:-Inf',
    fh({ count: Infinity, sum: Number.NaN, zeroCount: -Infinity }),
    false,
  ],
  [
    'sum:-4 count:0x10 buckets:[1e3 -2 .5 ]',
    fh({
      sum: -4,
      count: 16,
      positiveSpans: [{ offset: 0, length: 3 }],
      positiveBuckets: [1000, -2, 0.5],
    }),
    false,
  ],
  ['SCHEMA:3 counter_reset_hint:not_reset', fh({ schema: 3, counterResetHint: 'not-reset' }), true],
  ['counter_reset_hint:reset', fh({ counterResetHint: 'reset' }), true],
  ['counter_reset_hint:unknown', fh({}), true],
  ['offset:2', fh({}), false],
];
for (const [text, want, hintSet] of parsed) {
  test(`{{${text}}}`, () => {
    assert.deepEqual(parseHistogramDescription(text), {
      histogram: want,
      counterResetHintSet: hintSet,
    });
  });
}

const refused: [string, RegExp][] = [
  ['sum:1 sum:2', /duplicate key "sum"/],
  ['bogus:1', /bad histogram descriptor found: "bogus"/],
  ['schema:1.5', /schema must be an integer/],
  ['z_bucket_w:-1', /bad number -1 for z_bucket_w/],
  ['buckets:[]', /buckets must not be empty/],
  ['buckets:1', /buckets must be a list/],
  ['counter_reset_hint:maybe', /bad counter_reset_hint maybe/],
  ['sum 5', /bad histogram description at "sum 5"/],
  ['count:abc', /bad number abc for count/],
];
for (const [text, message] of refused) {
  test(`{{${text}}} is refused`, () => {
    assert.throws(() => parseHistogramDescription(text), message);
  });
}
