import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactHistogram } from './compact';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';
import { fh } from './test-fixture';
import { validateHistogram } from './validate';

// Prometheus's TestFloatHistogramCompact cases: [name, input, maxEmptyBuckets, expected].
const cases: [string, FloatHistogram, number, FloatHistogram][] = [
  ['empty histogram', fh({}), 0, fh({})],
  [
    'nothing should happen',
    fh({
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000],
    }),
    0,
    fh({
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000],
    }),
  ],
  [
    'eliminate zero offsets',
    fh({
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 0, length: 3 },
        { offset: 0, length: 1 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 0, length: 2 },
        { offset: 2, length: 1 },
        { offset: 0, length: 1 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 3, 4],
    }),
    0,
    fh({
      positiveSpans: [{ offset: -2, length: 5 }],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 4 },
        { offset: 2, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 3, 4],
    }),
  ],
  [
    'eliminate zero length',
    fh({
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 2, length: 0 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 0, length: 0 },
        { offset: 2, length: 0 },
        { offset: 1, length: 4 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 3, 4],
    }),
    0,
    fh({
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 5, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 4 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 3, 4],
    }),
  ],
  [
    'eliminate multiple zero length spans',
    fh({
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 2, length: 0 },
        { offset: 2, length: 0 },
        { offset: 2, length: 0 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
    }),
    0,
    fh({
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 9, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
    }),
  ],
  [
    'cut empty buckets at start or end',
    fh({
      positiveSpans: [
        { offset: -4, length: 4 },
        { offset: 5, length: 3 },
      ],
      positiveBuckets: [0, 0, 1, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 5 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 3, 4, 0],
    }),
    0,
    fh({
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 5, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 4 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 3, 4],
    }),
  ],
  [
    'cut empty buckets at start and end',
    fh({
      positiveSpans: [
        { offset: -4, length: 4 },
        { offset: 5, length: 6 },
      ],
      positiveBuckets: [0, 0, 1, 3.3, 4.2, 0.1, 3.3, 0, 0, 0],
      negativeSpans: [
        { offset: -2, length: 4 },
        { offset: 3, length: 5 },
      ],
      negativeBuckets: [0, 0, 3.1, 3, 1.234e5, 1000, 3, 4, 0],
    }),
    0,
    fh({
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 5, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 4 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 3, 4],
    }),
  ],
  [
    'cut empty buckets in the middle',
    fh({
      positiveSpans: [{ offset: 5, length: 4 }],
      positiveBuckets: [1, 3, 0, 2],
    }),
    0,
    fh({
      positiveSpans: [
        { offset: 5, length: 2 },
        { offset: 1, length: 1 },
      ],
      positiveBuckets: [1, 3, 2],
    }),
  ],
  [
    'cut empty buckets at start or end of spans, even in the middle',
    fh({
      positiveSpans: [
        { offset: -4, length: 6 },
        { offset: 3, length: 6 },
      ],
      positiveBuckets: [0, 0, 1, 3.3, 0, 0, 4.2, 0.1, 3.3, 0, 0, 0],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 2, length: 6 },
      ],
      negativeBuckets: [3.1, 3, 0, 1.234e5, 1000, 3, 4, 0],
    }),
    0,
    fh({
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 5, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 4 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 3, 4],
    }),
  ],
  [
    'cut empty buckets at start and end - also merge spans due to maxEmptyBuckets',
    fh({
      positiveSpans: [
        { offset: -4, length: 4 },
        { offset: 5, length: 3 },
      ],
      positiveBuckets: [0, 0, 1, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 5 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 3, 4, 0],
    }),
    10,
    fh({
      positiveSpans: [{ offset: -2, length: 10 }],
      positiveBuckets: [1, 3.3, 0, 0, 0, 0, 0, 4.2, 0.1, 3.3],
      negativeSpans: [{ offset: 0, length: 9 }],
      negativeBuckets: [3.1, 3, 0, 0, 0, 1.234e5, 1000, 3, 4],
    }),
  ],
  [
    'cut empty buckets from the middle of a span',
    fh({
      positiveSpans: [
        { offset: -4, length: 6 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [0, 0, 1, 0, 0, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 5 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 0, 3, 4],
    }),
    0,
    fh({
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 1 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 3, 4],
    }),
  ],
  [
    'cut out a span containing only empty buckets',
    fh({
      positiveSpans: [
        { offset: -4, length: 3 },
        { offset: 2, length: 2 },
        { offset: 3, length: 4 },
      ],
      positiveBuckets: [0, 0, 1, 0, 0, 3.3, 4.2, 0.1, 3.3],
    }),
    0,
    fh({
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 7, length: 4 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
    }),
  ],
  [
    'cut empty buckets from the middle of a span, avoiding none due to maxEmptyBuckets',
    fh({
      positiveSpans: [{ offset: -2, length: 4 }],
      positiveBuckets: [1, 0, 0, 3.3],
    }),
    1,
    fh({
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 1 },
      ],
      positiveBuckets: [1, 3.3],
    }),
  ],
  [
    'cut empty buckets and merge spans due to maxEmptyBuckets',
    fh({
      positiveSpans: [
        { offset: -2, length: 4 },
        { offset: 3, length: 1 },
      ],
      positiveBuckets: [1, 0, 0, 3.3, 4.2],
    }),
    1,
    fh({
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 1 },
        { offset: 3, length: 1 },
      ],
      positiveBuckets: [1, 3.3, 4.2],
    }),
  ],
  [
    'cut empty buckets from the middle of a span, avoiding some due to maxEmptyBuckets',
    fh({
      positiveSpans: [
        { offset: -4, length: 6 },
        { offset: 3, length: 3 },
        { offset: 10, length: 2 },
      ],
      positiveBuckets: [0, 0, 1, 0, 0, 3.3, 4.2, 0.1, 3.3, 2, 3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 5 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 0, 3, 4],
    }),
    1,
    fh({
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 1 },
        { offset: 3, length: 3 },
        { offset: 10, length: 2 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3, 2, 3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 5 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 0, 3, 4],
    }),
  ],
  [
    'avoiding all cutting of empty buckets from the middle of a chunk due to maxEmptyBuckets',
    fh({
      positiveSpans: [
        { offset: -4, length: 6 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [0, 0, 1, 0, 0, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 5 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 0, 3, 4],
    }),
    2,
    fh({
      positiveSpans: [
        { offset: -2, length: 4 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [1, 0, 0, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 5 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 0, 3, 4],
    }),
  ],
  [
    'everything merged into one span due to maxEmptyBuckets',
    fh({
      positiveSpans: [
        { offset: -4, length: 6 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [0, 0, 1, 0, 0, 3.3, 4.2, 0.1, 3.3],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 5 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000, 0, 3, 4],
    }),
    3,
    fh({
      positiveSpans: [{ offset: -2, length: 10 }],
      positiveBuckets: [1, 0, 0, 3.3, 0, 0, 0, 4.2, 0.1, 3.3],
      negativeSpans: [{ offset: 0, length: 10 }],
      negativeBuckets: [3.1, 3, 0, 0, 0, 1.234e5, 1000, 0, 3, 4],
    }),
  ],
  [
    'more than one span merged in the same pass',
    fh({
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 2, length: 2 },
        { offset: 2, length: 2 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3, 2],
      negativeSpans: [
        { offset: 0, length: 1 },
        { offset: 1, length: 1 },
        { offset: 1, length: 1 },
      ],
      negativeBuckets: [3.1, 1000, 4],
    }),
    3,
    fh({
      positiveSpans: [{ offset: -2, length: 10 }],
      positiveBuckets: [1, 3.3, 0, 0, 4.2, 0.1, 0, 0, 3.3, 2],
      negativeSpans: [{ offset: 0, length: 5 }],
      negativeBuckets: [3.1, 0, 1000, 0, 4],
    }),
  ],
  [
    'only empty buckets and maxEmptyBuckets greater zero',
    fh({
      positiveSpans: [
        { offset: -4, length: 6 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [0, 0, 0, 0, 0, 0, 0, 0, 0],
      negativeSpans: [{ offset: 0, length: 7 }],
      negativeBuckets: [0, 0, 0, 0, 0, 0, 0],
    }),
    3,
    fh({
      positiveSpans: [],
      positiveBuckets: [],
      negativeSpans: [],
      negativeBuckets: [],
    }),
  ],
  [
    'multiple spans of only empty buckets',
    fh({
      positiveSpans: [
        { offset: -10, length: 2 },
        { offset: 2, length: 1 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [0, 0, 0, 0, 2, 3],
      negativeSpans: [
        { offset: -10, length: 2 },
        { offset: 2, length: 1 },
        { offset: 3, length: 3 },
      ],
      negativeBuckets: [2, 3, 0, 0, 0, 0],
    }),
    0,
    fh({
      positiveSpans: [{ offset: -1, length: 2 }],
      positiveBuckets: [2, 3],
      negativeSpans: [{ offset: -10, length: 2 }],
      negativeBuckets: [2, 3],
    }),
  ],
  [
    'nothing should happen with custom buckets',
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      positiveSpans: [
        { offset: 0, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      customValues: [1, 2, 3],
    }),
    0,
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      positiveSpans: [
        { offset: 0, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      customValues: [1, 2, 3],
    }),
  ],
  [
    'eliminate zero offsets with custom buckets',
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      positiveSpans: [
        { offset: 0, length: 1 },
        { offset: 0, length: 3 },
        { offset: 0, length: 1 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      customValues: [1, 2, 3, 4],
    }),
    0,
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      positiveSpans: [{ offset: 0, length: 5 }],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      customValues: [1, 2, 3, 4],
    }),
  ],
  [
    'eliminate multiple zero length spans with custom buckets',
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 2, length: 0 },
        { offset: 2, length: 0 },
        { offset: 2, length: 0 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      customValues: [1, 2, 3, 4],
    }),
    0,
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 9, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      customValues: [1, 2, 3, 4],
    }),
  ],
  [
    'cut empty buckets at start and end with custom buckets',
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      positiveSpans: [
        { offset: 0, length: 4 },
        { offset: 5, length: 6 },
      ],
      positiveBuckets: [0, 0, 1, 3.3, 4.2, 0.1, 3.3, 0, 0, 0],
      customValues: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    }),
    0,
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      positiveSpans: [
        { offset: 2, length: 2 },
        { offset: 5, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1, 3.3],
      customValues: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    }),
  ],
];

for (const [name, input, maxEmptyBuckets, expected] of cases) {
  test(name, () => {
    const before = structuredClone(input);
    const wasValid = validateHistogram(input) === undefined;
    const got = compactHistogram(input, maxEmptyBuckets);
    assert.deepEqual(got, expected);
    assert.deepEqual(input, before, 'the input is left as it was');
    if (wasValid) assert.equal(validateHistogram(got), undefined);
  });
}
