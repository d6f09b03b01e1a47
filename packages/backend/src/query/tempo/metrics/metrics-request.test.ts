import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TempoError } from '../tempo-error.js';
import { parseMetricsQuery } from './metrics-query.js';
import { defaultStepNs, parseInstantRequest, parseRangeRequest } from './metrics-request.js';
import { intervalOf, timeGridOf, timestampMs } from './time-grid.js';

const S = 1_000_000_000n;
const NOW = 1_700_000_000n * S;
const range = (query: string) => parseRangeRequest(new URLSearchParams(query), NOW);

describe('metrics request parameters', () => {
  test('start and end in seconds, ns, float seconds or RFC 3339; q or query', () => {
    const cases: [string, bigint, bigint][] = [
      ['start=1700000000&end=1700003600', 1_700_000_000n * S, 1_700_003_600n * S],
      ['start=1700000000000000000&end=1700000060000000000', 1_700_000_000n * S, 1_700_000_060n * S],
      ['start=1700000000.5&end=1700000060', 1_700_000_000n * S + 500_000_000n, 1_700_000_060n * S],
      [
        'start=2023-11-14T22:13:20.25Z&end=2023-11-14T22:14:20Z',
        1_700_000_000n * S + 250_000_000n,
        1_700_000_060n * S,
      ],
      ['', NOW - 3_600n * S, NOW],
      ['since=15m', NOW - 900n * S, NOW],
      ['end=1699999000&since=10m', 1_699_998_400n * S, 1_699_999_000n * S],
    ];
    for (const [query, start, end] of cases) {
      const request = range(`q={}|rate()&${query}`);
      assert.deepEqual([request.startNs, request.endNs], [start, end], query);
    }
    assert.equal(range('query={a}&q={b}').q, '{b}');
  });

  test('step: seconds, a Go duration, or Tempo default of ~240 points', () => {
    assert.equal(range('step=15').stepNs, 15n * S);
    assert.equal(range('step=1m').stepNs, 60n * S);
    assert.equal(range('step=0.5').stepNs, 500_000_000n);
    assert.equal(range('').stepNs, 15n * S);
    const cases: [bigint, bigint][] = [
      [3_600n * S, 15n * S],
      [600n * S, 2n * S],
      [60n * S, S],
      [86_400n * S, 360n * S],
      [7n * 86_400n * S, 2_520n * S],
    ];
    for (const [width, step] of cases) assert.equal(defaultStepNs(0n, width), step, String(width));
  });

  test('exemplars: at most 100, 100 when absent or 0, none for instant queries', () => {
    assert.equal(range('exemplars=5').exemplars, 5);
    assert.equal(range('exemplars=500').exemplars, 100);
    assert.equal(range('exemplars=0').exemplars, 100);
    assert.equal(parseInstantRequest(new URLSearchParams('exemplars=5'), NOW).exemplars, 0);
  });

  test('bad parameters are 400 with a message saying what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['start=yesterday', /could not parse 'start' parameter: "yesterday"/],
      ['end=x1', /could not parse 'end' parameter/],
      [
        'since=forever',
        /could not parse 'since' parameter: not a valid duration string: "forever"/,
      ],
      ['step=fast', /cannot parse "fast" to a valid duration/],
      ['start=1700000100&end=1700000000', /^end must be greater than start$/],
      ['start=1700000000&end=1700000000', /^end must be greater than start$/],
      ['step=0', /^step required$/],
      [
        'start=1690000000&end=1700000000',
        /^metrics query time range exceeds the maximum allowed duration of 168h0m0s$/,
      ],
      [
        'start=1699900000&end=1700000000&step=1',
        /exceeded maximum resolution of 11,000 points per timeseries/,
      ],
    ];
    for (const [query, message] of cases) {
      assert.throws(
        () => range(query),
        (error) =>
          error instanceof TempoError && error.status === 400 && message.test(error.message),
        query,
      );
    }
  });
});

describe('the time grid', () => {
  test('a range is aligned to the step: start down, end up, one interval more than steps', () => {
    const grid = timeGridOf(range('start=1700000007&end=1700000053&step=10'));
    assert.deepEqual(grid, {
      startNs: 1_700_000_000n * S,
      endNs: 1_700_000_060n * S,
      stepNs: 10n * S,
      intervals: 7,
    });
    assert.equal(timestampMs(grid, 0), 1_700_000_000_000n);
    assert.equal(timestampMs(grid, 6), 1_700_000_060_000n);
    const cases: [bigint, number][] = [
      [1_700_000_000n * S, 0],
      [1_700_000_009n * S + 999n, 0],
      [1_700_000_010n * S, 1],
      [1_700_000_059n * S, 5],
      [1_700_000_060n * S, -1],
      [1_699_999_999n * S, -1],
    ];
    for (const [at, interval] of cases) assert.equal(intervalOf(grid, at), interval, String(at));
  });

  test('an instant query is one interval over [start, end), unaligned', () => {
    const grid = timeGridOf(
      parseInstantRequest(new URLSearchParams('start=1700000007&end=1700000053'), NOW),
    );
    assert.equal(grid.intervals, 1);
    assert.equal(intervalOf(grid, 1_700_000_007n * S), 0);
    assert.equal(intervalOf(grid, 1_700_000_053n * S), -1);
    assert.equal(intervalOf(grid, 1_700_000_006n * S), -1);
  });
});

describe('metrics query labels', () => {
  test('by() fields are named as Tempo names its labels', () => {
    const cases: [string, string[]][] = [
      [
        '{} | rate() by (span.http.route, resource.service.name)',
        ['span.http.route', 'resource.service.name'],
      ],
      [
        '{} | rate() by (.http.route, parent.span.a, parent.b)',
        ['.http.route', 'parent.span.a', 'parent.b'],
      ],
      [
        '{} | rate() by (span:name, span:status, kind, trace:rootService, trace:duration)',
        ['name', 'status', 'kind', 'rootServiceName', 'traceDuration'],
      ],
      [
        '{} | rate() by (span:id, event:name, instrumentation:name)',
        ['span:id', 'event:name', 'instrumentation:name'],
      ],
    ];
    for (const [q, names] of cases) assert.deepEqual(parseMetricsQuery(q).byNames, names, q);
  });
});
