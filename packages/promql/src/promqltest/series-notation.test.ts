import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FloatHistogram } from '../histogram/float-histogram';
import { NotationError, parseSeriesDescription, type SequenceValue } from './series-notation';

/** Each value as text: numbers, `_`, `stale`, or a histogram as count/sum/zero/spans:buckets. */
function show(v: SequenceValue): string {
  if (v.kind === 'value') return String(v.value);
  if (v.kind === 'omitted') return '_';
  if (v.kind === 'stale') return 'stale';
  const x: FloatHistogram = v.histogram;
  const spans = (s: FloatHistogram['positiveSpans']) =>
    s.map((p) => `${p.offset}+${p.length}`).join(',');
  return [
    `s${x.schema}`,
    `c${x.count}`,
    `Σ${x.sum}`,
    `z${x.zeroCount}@${x.zeroThreshold}`,
    `p[${spans(x.positiveSpans)}]${x.positiveBuckets.join(',')}`,
    `n[${spans(x.negativeSpans)}]${x.negativeBuckets.join(',')}`,
    x.counterResetHint,
    v.counterResetHintSet ? 'set' : 'unset',
  ].join(' ');
}

const cases: [string, string[]][] = [
  ['m {{sum:1 count:2}}x2', Array(3).fill('s0 c2 Σ1 z0@0 p[] n[] unknown unset')],
  [
    'm _ {{count:1 buckets:[1]}} stale 3',
    ['_', 's0 c1 Σ0 z0@0 p[0+1]1 n[] unknown unset', 'stale', '3'],
  ],
  [
    // Prometheus's incr_histogram: the step's bucket lies one above the base's first.
    'm {{schema:0 sum:4 count:4 buckets:[1 2 1]}}+{{sum:2 count:1 buckets:[1] offset:1}}x2',
    [
      's0 c4 Σ4 z0@0 p[0+3]1,2,1 n[] unknown unset',
      's0 c5 Σ6 z0@0 p[0+3]1,3,1 n[] unknown unset',
      's0 c6 Σ8 z0@0 p[0+3]1,4,1 n[] unknown unset',
    ],
  ],
  [
    // A finer step is merged down to the base's schema: buckets 1 and 2 of schema 0 are bucket 1 of -1.
    'm {{schema:-1 sum:4 count:1 buckets:[1] offset:1}}+{{schema:0 sum:4 count:4 buckets:[2 2] offset:1}}x1',
    ['s-1 c1 Σ4 z0@0 p[1+1]1 n[] unknown unset', 's-1 c5 Σ8 z0@0 p[1+1]5 n[] unknown unset'],
  ],
  [
    'm {{count:5 sum:5 buckets:[5] offset:3}}-{{count:2 sum:1 buckets:[1 1] offset:-1}}x1',
    [
      's0 c5 Σ5 z0@0 p[3+1]5 n[] unknown unset',
      's0 c3 Σ4 z0@0 p[-1+2,2+1]-1,-1,5 n[] unknown unset',
    ],
  ],
  [
    // The step's hint flag marks every value, the base's included; a gauge step makes gauges.
    'm {{sum:1 count:1}}+{{sum:1 count:1 counter_reset_hint:gauge}}x1',
    ['s0 c1 Σ1 z0@0 p[] n[] unknown set', 's0 c2 Σ2 z0@0 p[] n[] gauge set'],
  ],
  [
    // A wider zero bucket swallows the buckets below it (bucket 0 of schema 0 ends at 1).
    'm {{z_bucket_w:1 z_bucket:1 count:1}}+{{count:3 buckets:[1 1 1] offset:-1}}x1',
    ['s0 c1 Σ0 z1@1 p[] n[] unknown unset', 's0 c4 Σ0 z3@1 p[1+1]1 n[] unknown unset'],
  ],
  [
    'm {{schema:-53 count:1 custom_values:[5 10] buckets:[1]}}+{{schema:-53 count:1 custom_values:[5 10] buckets:[0 1]}}x1',
    ['s-53 c1 Σ0 z0@0 p[0+1]1 n[] unknown unset', 's-53 c2 Σ0 z0@0 p[0+2]1,1 n[] unknown unset'],
  ],
  ['m 1+1x2 {{}}', ['1', '2', '3', 's0 c0 Σ0 z0@0 p[] n[] unknown unset']],
];
for (const [line, want] of cases) {
  test(line, () => {
    assert.deepEqual(parseSeriesDescription(line).values.map(show), want);
  });
}

const refused: [string, RegExp][] = [
  ['m {{schema:0}}+{{schema:-1}}x1', /cannot merge from schema -1 to 0/],
  ['m {{count:1}}+{{count:1}}', /needs a count/],
  ['m {{count:1}}+{{schema:-53 custom_values:[1]}}x1', /mix of exponential and custom/],
  ['m {{count:1', /unterminated histogram/],
  ['m {{count:1}}x', /bad histogram sequence item/],
];
for (const [line, message] of refused) {
  test(`${line} is refused`, () => {
    assert.throws(
      () => parseSeriesDescription(line),
      (e) => e instanceof NotationError && message.test(e.message),
    );
  });
}
