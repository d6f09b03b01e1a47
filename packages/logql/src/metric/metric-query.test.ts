import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryLogStorage } from '../memory-storage';
import { MetricQueryError } from './metric-errors';
import { evaluateInstantQuery, evaluateRangeQuery } from './metric-query';
import { at, labelText, metric, RecordingStorage, sampleStore, T0_MS } from './metric-test-data';

const store = sampleStore();

/** Values equal to 12 significant digits (the hand-derived ones are decimals); NaN equals NaN. */
function close(actual: number, expected: number, what: string): void {
  if (Number.isNaN(expected)) {
    assert.ok(Number.isNaN(actual), `${what}: ${actual} is not NaN`);
    return;
  }
  assert.ok(
    Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} != ${expected}`,
  );
}

async function instant(query: string, seconds = 60): Promise<[string, number][]> {
  const result = await evaluateInstantQuery(metric(query), store, { timeNs: at(seconds) });
  assert.equal(result.resultType, 'vector');
  if (result.resultType !== 'vector') return [];
  for (const s of result.samples) assert.equal(s.timestampMs, T0_MS + seconds * 1000);
  return result.samples.map((s) => [labelText(s.labels), s.value]);
}

function expectSamples(got: [string, number][], want: [string, number][], query: string): void {
  assert.deepEqual(
    got.map(([l]) => l),
    want.map(([l]) => l),
    query,
  );
  got.forEach(([l, v], i) => {
    close(v, (want[i] as [string, number])[1], `${query} ${l}`);
  });
}

// [query, instant time in seconds, expected samples in the answer's order]
const instantCases: [string, number, [string, number][]][] = [
  // Windows are (t - range, t]: 10s falls out of a 50s range at 60s, 30s is in a 20s range at 30s.
  ['count_over_time({app="a"}[1m])', 60, [['app=a,env=prod', 4]]],
  ['count_over_time({app="a"}[50s])', 60, [['app=a,env=prod', 3]]],
  ['count_over_time({app="a"}[20s])', 30, [['app=a,env=prod', 2]]],
  ['count_over_time({app="a"}[30s] offset 30s)', 60, [['app=a,env=prod', 3]]],
  ['count_over_time({app="a"} |= "info" [1m])', 60, [['app=a,env=prod', 3]]],
  ['rate({app="a"}[1m])', 60, [['app=a,env=prod', 4 / 60]]],
  // Line lengths 34 and 33 bytes.
  ['bytes_over_time({app="b"}[1m])', 60, [['app=b', 67]]],
  ['bytes_rate({app="b"}[1m])', 60, [['app=b', 67 / 60]]],
  // Structured metadata is part of a sample's labels, as in Loki.
  [
    'count_over_time({app="d"}[10s])',
    10,
    [
      ['app=d,trace_id=t1', 2],
      ['app=d,trace_id=t2', 1],
    ],
  ],
  [
    'sum_over_time({app="d"} | logfmt | unwrap bytes(size) [10s])',
    10,
    [
      ['app=d,trace_id=t1', 1000 + 2048],
      ['app=d,trace_id=t2', 3],
    ],
  ],
  ['absent_over_time({app="zzz", env=~".+"}[1m])', 60, [['app=zzz', 1]]],
  ['absent_over_time({app="a"}[1m])', 60, []],
  // Unwrap: the label goes, the grouping decides the rest.
  [
    'avg_over_time({app=~"a|b"} | logfmt | unwrap duration(dur) [1m]) by (app)',
    60,
    [
      ['app=a', 0.35],
      ['app=b', 1.01],
    ],
  ],
  [
    'quantile_over_time(0.5, {app=~"a|b"} | logfmt | unwrap duration(dur) [1m]) by (app)',
    60,
    [
      ['app=a', 0.175],
      ['app=b', 1.01],
    ],
  ],
  [
    'max_over_time({app=~"a|b"} | logfmt | unwrap duration_seconds(dur) [1m]) by (app)',
    60,
    [
      ['app=a', 1],
      ['app=b', 2],
    ],
  ],
  [
    'min_over_time({app=~"a|b"} | logfmt | unwrap duration(dur) [1m]) by (app)',
    60,
    [
      ['app=a', 0.05],
      ['app=b', 0.02],
    ],
  ],
  [
    'first_over_time({app=~"a|b"} | logfmt | unwrap duration(dur) [1m]) by (app)',
    60,
    [
      ['app=a', 0.1],
      ['app=b', 0.02],
    ],
  ],
  [
    'last_over_time({app=~"a|b"} | logfmt | unwrap duration(dur) [1m]) without (level, status, n)',
    60,
    [
      ['app=a,env=prod', 1],
      ['app=b', 2],
    ],
  ],
  [
    'stdvar_over_time({app=~"a|b"} | logfmt | unwrap duration(dur) [1m]) by (app)',
    60,
    [
      ['app=a', 0.14625],
      ['app=b', 0.9801],
    ],
  ],
  [
    'stddev_over_time({app="b"} | logfmt | unwrap duration(dur) [1m]) by (app)',
    60,
    [['app=b', 0.99]],
  ],
  // Grouping merges streams into one window: info has a's 100ms, 50ms, 1s and b's 20ms.
  [
    'max_over_time({app=~"a|b"} | logfmt | unwrap duration(dur) [1m]) by (level)',
    60,
    [
      ['level=error', 2],
      ['level=info', 1],
    ],
  ],
  // __preserve_error__="true" keeps error samples in the answer instead of failing.
  [
    'count_over_time({app="b"} | json | drop __error_details__ | label_format __preserve_error__="true" [1m])',
    60,
    [['__error__=JSONParserErr,__preserve_error__=true,app=b', 2]],
  ],
  // n=x fails to convert; the filter after unwrap drops that sample.
  ['sum(sum_over_time({app="a"} | logfmt | unwrap n | __error__="" [1m]))', 60, [['', 7]]],
  [
    'last_over_time({app="a"} | logfmt | unwrap n | __error__="" [1m]) by (app)',
    60,
    [['app=a', 2]],
  ],
  ['rate({app="c"} | logfmt | unwrap n [1m])', 60, [['app=c', 7 / 60]]],
  // 1, 4, 2 at 10s, 20s, 30s in (-10s, 50s]: increase 1 + reset 4 = 5 over 20s, extrapolated by 4s
  // at the start (to zero) and 5s at the end: 5 * 29 / 20 per 60s.
  ['rate_counter({app="c"} | logfmt | unwrap n [1m])', 50, [['app=c', (5 * 29) / 20 / 60]]],
  // Vector aggregations over a=4, b=2, c=3.
  ['sum(count_over_time({app=~"a|b|c"}[1m]))', 60, [['', 9]]],
  ['avg(count_over_time({app=~"a|b|c"}[1m]))', 60, [['', 3]]],
  ['count(count_over_time({app=~"a|b|c"}[1m]))', 60, [['', 3]]],
  ['min(count_over_time({app=~"a|b|c"}[1m]))', 60, [['', 2]]],
  ['max(count_over_time({app=~"a|b|c"}[1m]))', 60, [['', 4]]],
  ['stdvar(count_over_time({app=~"a|b|c"}[1m]))', 60, [['', 2 / 3]]],
  ['stddev(count_over_time({app=~"a|b|c"}[1m]))', 60, [['', Math.sqrt(2 / 3)]]],
  [
    'count by (env) (count_over_time({app=~"a|b|c"}[1m]))',
    60,
    [
      ['', 2],
      ['env=prod', 1],
    ],
  ],
  [
    'sum without (env) (count_over_time({app=~"a|b|c"}[1m]))',
    60,
    [
      ['app=a', 4],
      ['app=b', 2],
      ['app=c', 3],
    ],
  ],
  [
    'sum by (level) (count_over_time({app=~"a|b"} | logfmt [1m]))',
    60,
    [
      ['level=error', 2],
      ['level=info', 4],
    ],
  ],
  [
    'sum by (app) (rate({app=~"a|b"}[1m]))',
    60,
    [
      ['app=a', 4 / 60],
      ['app=b', 2 / 60],
    ],
  ],
  [
    'topk(2, count_over_time({app=~"a|b|c"}[1m]))',
    60,
    [
      ['app=a,env=prod', 4],
      ['app=c', 3],
    ],
  ],
  ['bottomk(1, count_over_time({app=~"a|b|c"}[1m]))', 60, [['app=b', 2]]],
  // sort and sort_desc keep their order in an instant answer; everything else is sorted by labels.
  [
    'sort(count_over_time({app=~"a|b|c"}[1m]))',
    60,
    [
      ['app=b', 2],
      ['app=c', 3],
      ['app=a,env=prod', 4],
    ],
  ],
  [
    'sort_desc(count_over_time({app=~"a|b|c"}[1m]))',
    60,
    [
      ['app=a,env=prod', 4],
      ['app=c', 3],
      ['app=b', 2],
    ],
  ],
  // Binary operators.
  ['sum(count_over_time({app="a"}[1m])) / sum(count_over_time({app="b"}[1m]))', 60, [['', 2]]],
  ['sum(count_over_time({app="a"}[1m])) / 0', 60, [['', Number.NaN]]],
  ['sum(count_over_time({app="a"}[1m])) % 0', 60, [['', Number.NaN]]],
  ['8 / sum(count_over_time({app="a"}[1m]))', 60, [['', 2]]],
  [
    'count_over_time({app=~"a|b|c"}[1m]) > 2',
    60,
    [
      ['app=a,env=prod', 4],
      ['app=c', 3],
    ],
  ],
  [
    'count_over_time({app=~"a|b|c"}[1m]) > bool 2',
    60,
    [
      ['app=a,env=prod', 1],
      ['app=b', 0],
      ['app=c', 1],
    ],
  ],
  [
    '2 < count_over_time({app=~"a|b|c"}[1m])',
    60,
    [
      ['app=a,env=prod', 4],
      ['app=c', 3],
    ],
  ],
  [
    '10 - count_over_time({app=~"a|b|c"}[1m])',
    60,
    [
      ['app=a,env=prod', 6],
      ['app=b', 8],
      ['app=c', 7],
    ],
  ],
  ['vector(1) + vector(1)', 60, [['', 2]]],
  [
    'count_over_time({app=~"a|b"}[1m]) and count_over_time({app="a"}[1m])',
    60,
    [['app=a,env=prod', 4]],
  ],
  ['count_over_time({app=~"a|b"}[1m]) unless count_over_time({app="a"}[1m])', 60, [['app=b', 2]]],
  [
    'count_over_time({app="a"}[1m]) or count_over_time({app="c"}[1m])',
    60,
    [
      ['app=a,env=prod', 4],
      ['app=c', 3],
    ],
  ],
  [
    'sum by (app, level) (count_over_time({app=~"a|b"} | logfmt [1m])) / on (app) group_left sum by (app) (count_over_time({app=~"a|b"}[1m]))',
    60,
    [
      ['app=a,level=error', 0.25],
      ['app=a,level=info', 0.75],
      ['app=b,level=error', 0.5],
      ['app=b,level=info', 0.5],
    ],
  ],
  [
    'label_replace(count_over_time({app="a"}[1m]), "svc", "$1-x", "app", "(.*)")',
    60,
    [['app=a,env=prod,svc=a-x', 4]],
  ],
  [
    'label_replace(count_over_time({app="a"}[1m]), "svc", "x", "app", "b")',
    60,
    [['app=a,env=prod', 4]],
  ],
];

describe('evaluateInstantQuery', () => {
  for (const [query, seconds, want] of instantCases) {
    test(`${query} at ${seconds}s`, async () => {
      expectSamples(await instant(query, seconds), want, query);
    });
  }

  const scalars: [string, number][] = [
    ['1 + 1', 2],
    ['2 > 1', 1],
    ['1 > 2', 0],
    ['1 / 0', Number.NaN],
    ['2 ^ 3 * 2', 16],
  ];
  for (const [query, want] of scalars) {
    test(`${query} is the scalar ${want}`, async () => {
      const result = await evaluateInstantQuery(metric(query), store, { timeNs: at(5) });
      assert.equal(result.resultType, 'scalar');
      if (result.resultType === 'scalar') {
        close(result.value, want, query);
        assert.equal(result.timestampMs, T0_MS + 5000);
      }
    });
  }

  const errors: [string, MetricQueryError['kind'], RegExp][] = [
    [
      'sum(sum_over_time({app="a"} | logfmt | unwrap n [1m]))',
      'pipeline',
      /^pipeline error: 'SampleExtractionErr' for series: '\{__error__="SampleExtractionErr", __error_details__="strconv.ParseFloat: parsing \\"x\\": invalid syntax", app="a", dur="1s"/,
    ],
    ['count_over_time({app="a"} | json [1m])', 'pipeline', /^pipeline error: 'JSONParserErr'/],
    [
      'count_over_time({app=~"a|b"}[1m]) + on () count_over_time({app="c"}[1m])',
      'execution',
      /^multiple matches for labels: many-to-one matching must be explicit \(group_left\/group_right\)$/,
    ],
    [
      'vector(1) + on () count_over_time({app=~"a|b"}[1m])',
      'execution',
      /^found duplicate series on the right hand-side;many-to-many matching not allowed: matching labels must be unique on one side$/,
    ],
  ];
  for (const [query, kind, message] of errors) {
    test(`${query} fails with a ${kind} error`, async () => {
      await assert.rejects(
        evaluateInstantQuery(metric(query), store, { timeNs: at(60) }),
        (e: unknown) => e instanceof MetricQueryError && e.kind === kind && message.test(e.message),
      );
    });
  }

  test('an error sample outside every evaluated window does not fail the query', async () => {
    // n=x is at 60s; the window (0s, 50s] never holds it.
    const got = await instant('sum(sum_over_time({app="a"} | logfmt | unwrap n [50s]))', 50);
    assert.deepEqual(got, [['', 7]]);
  });
});

describe('evaluateRangeQuery', () => {
  const s = 1_000_000_000n;
  // [query, start, end, step (seconds), expected series: labels -> [second, value][]]
  const cases: [string, number, number, number, Record<string, [number, number][]>][] = [
    [
      'count_over_time({app="a"}[20s])',
      0,
      60,
      20,
      {
        'app=a,env=prod': [
          [20, 2],
          [40, 1],
          [60, 1],
        ],
      },
    ],
    [
      'sum(count_over_time({app=~"a|b"}[1m]))',
      30,
      60,
      15,
      {
        '': [
          [30, 4],
          [45, 4],
          [60, 6],
        ],
      },
    ],
    // Start and end go to the step's grid, as Loki's frontend aligns them: 3s..25s is 0s..30s.
    [
      'vector(2)',
      3,
      25,
      10,
      {
        '': [
          [0, 2],
          [10, 2],
          [20, 2],
          [30, 2],
        ],
      },
    ],
    [
      '3',
      0,
      20,
      10,
      {
        '': [
          [0, 3],
          [10, 3],
          [20, 3],
        ],
      },
    ],
    // absent at the steps whose window is empty: (-10,0], (30,40], (40,50], (50,60] (30s is
    // the last app=c entry, outside (30,40]).
    [
      'absent_over_time({app="c"}[10s])',
      0,
      60,
      10,
      {
        'app=c': [
          [0, 1],
          [40, 1],
          [50, 1],
          [60, 1],
        ],
      },
    ],
    // A window of 5s every 10s (no overlap): 10s, 20s, 30s each alone.
    [
      'count_over_time({app="c"}[5s])',
      0,
      40,
      10,
      {
        'app=c': [
          [10, 1],
          [20, 1],
          [30, 1],
        ],
      },
    ],
  ];
  for (const [query, start, end, step, want] of cases) {
    test(`${query} from ${start}s to ${end}s every ${step}s`, async () => {
      const result = await evaluateRangeQuery(metric(query), store, {
        startNs: at(start),
        endNs: at(end),
        stepNs: BigInt(step) * s,
      });
      const got: Record<string, [number, number][]> = {};
      for (const series of result.series) {
        got[labelText(series.labels)] = series.timestampsMs.map((t, i) => [
          (t - T0_MS) / 1000,
          series.values[i] as number,
        ]);
      }
      assert.deepEqual(got, want);
    });
  }

  test('without alignment the steps start at the start and stop at or before the end', async () => {
    const result = await evaluateRangeQuery(metric('vector(2)'), store, {
      startNs: at(3),
      endNs: at(25),
      stepNs: 10n * s,
      alignToStep: false,
    });
    assert.deepEqual(
      result.series[0]?.timestampsMs.map((t) => (t - T0_MS) / 1000),
      [3, 13, 23],
    );
  });

  test('reads the storage once for all steps, with the window-extended range pushed down', async () => {
    const recording = new RecordingStorage(store);
    const result = await evaluateRangeQuery(
      metric('sum by (app) (count_over_time({app=~"a|b"} |= "level" | logfmt [20s] offset 5s))'),
      recording,
      { startNs: at(0), endNs: at(60), stepNs: s },
    );
    assert.equal(recording.selections.length, 1);
    const sel = recording.selections[0];
    assert.equal(sel?.startNs, at(0) - 25n * s);
    assert.equal(sel?.endNs, at(55) + 1n);
    assert.equal(sel?.direction, 'forward');
    assert.deepEqual(sel?.lineFilters, [{ op: '|=', values: ['level'] }]);
    // a at 10s, 20s, 30s and b at 15s: the 60s entries are past the offset end.
    assert.equal(recording.handedOut, 4);
    // app=b's entry at 15s counts from step 20 (window (-5s, 15s]) to step 40 ((15s, 35s]).
    const b = result.series.find((x) => labelText(x.labels) === 'app=b');
    assert.equal(b?.timestampsMs[0], T0_MS + 20_000);
    assert.equal(b?.timestampsMs.at(-1), T0_MS + 39_000);
  });

  test("rejects more series than maxSeries with Loki's message", async () => {
    const query = metric('count_over_time({app=~"a|b|c"}[1m])');
    const limit = (e: unknown) =>
      e instanceof MetricQueryError &&
      e.kind === 'limit' &&
      e.message.startsWith('maximum number of series (2) reached for a single query;');
    await assert.rejects(
      evaluateInstantQuery(query, store, { timeNs: at(60), maxSeries: 2 }),
      limit,
    );
    await assert.rejects(
      evaluateRangeQuery(query, store, {
        startNs: at(0),
        endNs: at(60),
        stepNs: 10n * s,
        maxSeries: 2,
      }),
      limit,
    );
  });

  test('a range aggregation at the root stops reading when one series too many appears', async () => {
    const recording = new RecordingStorage(store);
    await assert.rejects(
      evaluateRangeQuery(metric('count_over_time({app=~"a|b|c"}[1m])'), recording, {
        startNs: at(0),
        endNs: at(60),
        stepNs: 10n * s,
        maxSeries: 1,
      }),
      /maximum number of series \(1\) reached/,
    );
    // a at 10s, c at 10s: the second series fails the query before the other 7 entries are read.
    assert.equal(recording.handedOut, 2);
  });

  test('bounds the samples held, the steps and the step width', async () => {
    const query = metric('count_over_time({app=~"a|b|c"}[1m])');
    await assert.rejects(
      evaluateRangeQuery(query, store, { startNs: at(0), endNs: at(60), stepNs: s, maxSamples: 5 }),
      /query processing would load too many samples into memory \(more than 5\)/,
    );
    await assert.rejects(
      evaluateRangeQuery(query, store, { startNs: at(0), endNs: at(11_000), stepNs: s }),
      /exceeded maximum resolution of 11,000 points per timeseries/,
    );
    await assert.rejects(
      evaluateRangeQuery(query, store, { startNs: at(0), endNs: at(60), stepNs: 0n }),
      /zero or negative query resolution step widths are not accepted/,
    );
  });

  test('refuses a storage that hands entries out of time order', async () => {
    const shuffled = {
      ...new RecordingStorage(store),
      async *select() {
        yield [
          { timestampNs: at(20), line: 'b', labels: [{ name: 'app', value: 'a' }], metadata: [] },
          { timestampNs: at(10), line: 'a', labels: [{ name: 'app', value: 'a' }], metadata: [] },
        ];
      },
    };
    await assert.rejects(
      evaluateInstantQuery(metric('count_over_time({app="a"}[1m])'), shuffled, { timeNs: at(60) }),
      /out of time order/,
    );
  });

  test('count-like windows hold sums per cell, not lines; unwrapped windows hold their points', async () => {
    const many = new MemoryLogStorage();
    for (let i = 0; i < 10_000; i++) {
      many.add({
        timestampNs: at(0) + BigInt(i) * 1_000_000n,
        line: `n=${i % 10}`,
        labels: [{ name: 'app', value: 'm' }],
        metadata: [],
      });
    }
    const options = { timeNs: at(10), maxSamples: 10 };
    const count = await evaluateInstantQuery(
      metric('count_over_time({app="m"}[1m])'),
      many,
      options,
    );
    assert.equal(count.resultType === 'vector' ? count.samples[0]?.value : undefined, 10_000);
    const bytes = await evaluateInstantQuery(metric('bytes_rate({app="m"}[1m])'), many, options);
    assert.equal(bytes.resultType === 'vector' ? bytes.samples[0]?.value : undefined, 30_000 / 60);
    await assert.rejects(
      evaluateInstantQuery(
        metric('sum_over_time({app="m"} | logfmt | unwrap n [1m])'),
        many,
        options,
      ),
      /too many samples/,
    );
  });

  test('stops when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('query timed out'));
    await assert.rejects(
      evaluateRangeQuery(metric('count_over_time({app="a"}[1m])'), store, {
        startNs: at(0),
        endNs: at(60),
        stepNs: s,
        signal: controller.signal,
      }),
      /query timed out/,
    );
  });
});
