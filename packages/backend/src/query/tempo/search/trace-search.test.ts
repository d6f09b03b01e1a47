import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeTracesJson } from '@otel-lab/otlp';
import { parseTraceql, type TraceqlTrace } from '@otel-lab/traceql';
import { singleReader } from '../../../storage/reader-pool.js';
import { createTraceReader } from '../../jaeger/trace-reader.js';
import {
  FILTER_FIXTURE,
  TRACE_NIGHTLY,
  TRACE_ODD,
  TRACE_ORDERS,
} from './filter-fixture.test-support.js';
import { openTestStore } from './test-store.test-support.js';
import { searchTraces, tracesToRead } from './trace-search.js';

const T0_NS = 1_700_000_000_000_000_000n;
const WINDOW = { startNs: T0_NS - 60_000_000_000n, endNs: T0_NS + 60_000_000_000n };
const NEWEST_FIRST = [TRACE_ODD, TRACE_NIGHTLY, TRACE_ORDERS];

/** Every trace a candidate: what SQL lets through is what the evaluator is handed. */
const everyTrace = () => [{ spans: [], attributes: [] }];

/** Queries and the traces SQL lets through to the evaluator (a superset of the matches). */
const CASES: [string, string[]][] = [
  ['{}', NEWEST_FIRST],
  ['{ name = "charge" }', [TRACE_ORDERS]],
  ['{ name = "GET /orders" } >> { name = "charge" }', [TRACE_ORDERS]],
  ['{ name = "GET /orders" } && { name = "nightly" }', []],
  ['{ name = "charge" } || { name = "nightly" }', [TRACE_NIGHTLY, TRACE_ORDERS]],
  ['{ name = "charge" } !>> { name = "empty" }', [TRACE_ODD]],
  ['{ } | count() > 1', [TRACE_ODD, TRACE_ORDERS]],
  ['{ status = unset } | count() = 1', [TRACE_ORDERS]],
  ['{ span.ratio + 1 > 2 } >> { name = "charge" }', [TRACE_ORDERS]],
  ['{ span.ratio + 1 > 2 } | count() > 5', NEWEST_FIRST],
  ['{ name = "nothing" } | count() > 0', []],
  // traceDuration is checked on the whole trace in SQL: 250 ms, 1 s and 3 ms here.
  ['{ traceDuration > 100ms }', [TRACE_NIGHTLY, TRACE_ORDERS]],
  ['{ 1s <= trace:duration }', [TRACE_NIGHTLY]],
  ['{ name = "empty" && traceDuration < 10ms }', [TRACE_ODD]],
  ['{ name = "charge" && traceDuration < 10ms }', []],
];

describe('searchTraces: candidate traces from SQL, newest first', () => {
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  let deps: Parameters<typeof searchTraces>[0];
  before(async () => {
    opened = await openTestStore([FILTER_FIXTURE]);
    deps = {
      pool: singleReader(opened.store.reader),
      reader: createTraceReader(opened.store.reader),
      evaluate: everyTrace,
    };
  });
  after(() => opened.close());

  const search = (q: string, extra: object = {}) =>
    searchTraces(deps, {
      query: parseTraceql(q),
      ...WINDOW,
      limit: 20,
      deadlineMs: Date.now() + 10_000,
      ...extra,
    });
  const ids = (traces: { trace: TraceqlTrace }[]) => traces.map(({ trace }) => trace.traceId);

  for (const [q, expected] of CASES) {
    test(q, async () => {
      assert.deepEqual(ids((await search(q)).traces), expected);
    });
  }

  test('rounds of one span each reach back through the window, and stop at the limit', async () => {
    const all = await search('{}', { firstRoundSpans: 1 });
    assert.deepEqual(ids(all.traces), NEWEST_FIRST);
    assert.equal(all.inspectedTraces, 3);
    assert.equal(all.inspectedSpans, 5);
    const two = await search('{}', { firstRoundSpans: 1, limit: 2 });
    assert.deepEqual(ids(two.traces), NEWEST_FIRST.slice(0, 2));
  });

  test('the evaluator decides: a trace it matches nothing in is not found', async () => {
    const evaluate = (_query: unknown, trace: TraceqlTrace) =>
      trace.spans.length === 1 ? [{ spans: [], attributes: [] }] : [];
    const found = await searchTraces(
      { ...deps, evaluate },
      { query: parseTraceql('{}'), ...WINDOW, limit: 20, deadlineMs: Date.now() + 10_000 },
    );
    assert.deepEqual(ids(found.traces), [TRACE_NIGHTLY]);
    assert.equal(found.inspectedTraces, 3);
  });

  test('time slices growing back from the end of a long window reach the oldest traces', async () => {
    const found = await search('{}', { endNs: T0_NS + 6n * 3_600_000_000_000n });
    assert.deepEqual(ids(found.traces), NEWEST_FIRST);
  });

  test('spans outside the window find no trace', async () => {
    const found = await search('{}', {
      startNs: T0_NS + 3_600_000_000_000n,
      endNs: T0_NS + 7_200_000_000_000n,
    });
    assert.deepEqual(found.traces, []);
  });

  test('past its deadline a search is a 503 with Tempo timeout message', async () => {
    await assert.rejects(
      search('{}', { deadlineMs: Date.now() - 1 }),
      (error: Error & { status?: number }) =>
        error.status === 503 &&
        error.message === 'unable to process request in the configured timeout',
    );
  });
});

describe('candidates read at a time', () => {
  const found = (n: number) => ({ traces: new Array(n).fill(undefined) });
  test('what is missing, scaled by candidates per match so far, at least 16', () => {
    const cases: [limit: number, matched: number, read: number, expected: number][] = [
      [20, 0, 0, 25], // nothing read: the limit and a quarter
      [20, 10, 20, 25], // two candidates per match: 10 missing × 2 × 1.25
      [20, 1, 40, 950], // one in forty matched
      [20, 0, 20, 500], // none of 20 matched: assume one in 20 at best
      [20, 19, 19, 16], // one missing: the minimum
      [3, 0, 0, 16],
    ];
    for (const [limit, matched, read, expected] of cases) {
      assert.equal(
        tracesToRead(limit, found(matched) as never, read),
        expected,
        `${limit} ${matched} ${read}`,
      );
    }
  });
});

describe('resource conditions after a new resource arrives', () => {
  test('a service first stored after a search is found by the next one', async () => {
    const opened = await openTestStore([FILTER_FIXTURE]);
    try {
      const deps = {
        pool: singleReader(opened.store.reader),
        reader: createTraceReader(opened.store.reader),
        evaluate: everyTrace,
      };
      const search = () =>
        searchTraces(deps, {
          query: parseTraceql('{ resource.service.name = "late" }'),
          ...WINDOW,
          limit: 20,
          deadlineMs: Date.now() + 10_000,
        });
      assert.deepEqual((await search()).traces, []);
      const late = {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'late' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: '5b8efff798038103d269b633813fc60c',
                    spanId: 'eee19b7ec3c1b174',
                    name: 'late work',
                    startTimeUnixNano: String(T0_NS),
                    endTimeUnixNano: String(T0_NS + 1_000_000n),
                  },
                ],
              },
            ],
          },
        ],
      };
      await opened.store.writeSpans(decodeTracesJson(Buffer.from(JSON.stringify(late))).items);
      const found = (await search()).traces.map(({ trace }) => trace.traceId);
      assert.deepEqual(found, ['5b8efff798038103d269b633813fc60c']);
    } finally {
      opened.close();
    }
  });
});
