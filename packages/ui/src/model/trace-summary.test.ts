import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiErrorMessage } from './api-error.js';
import { formatDuration } from './format.js';
import { ORDER_TRACE, traceOf } from './trace-fixture.js';
import { sortSummaries, summariseTrace, type TraceSummary } from './trace-summary.js';

describe('summariseTrace', () => {
  test('the order trace: root, duration, spans, errors and services', () => {
    assert.deepEqual(summariseTrace(traceOf(ORDER_TRACE)), {
      traceID: 't1',
      rootService: 'demo-app',
      rootOperation: 'POST /api/orders',
      start: 0,
      duration: 1000,
      spanCount: 8,
      errorCount: 1,
      services: [
        { name: 'demo-app', count: 6 },
        { name: 'payment-service', count: 2 },
      ],
    });
  });
  test('without its root, the earliest parentless span stands in', () => {
    const summary = summariseTrace(traceOf(ORDER_TRACE.filter(([id]) => id !== 'a')));
    assert.equal(summary.rootOperation, 'process_order');
  });
});

describe('sortSummaries', () => {
  const s = (traceID: string, start: number, duration: number, spanCount: number) =>
    ({ traceID, start, duration, spanCount }) as TraceSummary;
  const list = [s('a', 1, 30, 2), s('b', 3, 10, 9), s('c', 2, 20, 5)];
  const rows = [
    { order: 'recent', expected: 'bca' },
    { order: 'longest', expected: 'acb' },
    { order: 'shortest', expected: 'bca' },
    { order: 'most-spans', expected: 'bca' },
    { order: 'least-spans', expected: 'acb' },
  ] as const;
  for (const row of rows) {
    test(row.order, () =>
      assert.equal(
        sortSummaries(list, row.order)
          .map((x) => x.traceID)
          .join(''),
        row.expected,
      ),
    );
  }
});

describe("apiErrorMessage: the API's words, as written", () => {
  const rows = [
    {
      name: "Jaeger's envelope",
      args: [
        400,
        'Bad Request',
        '{"data":null,"errors":[{"code":400,"msg":"invalid minDuration"}]}',
      ],
      expected: '400 Bad Request: invalid minDuration',
    },
    {
      name: "the Prometheus API's error",
      args: [400, '', '{"status":"error","errorType":"bad_data","error":"1:5: parse error"}'],
      expected: '400: 1:5: parse error',
    },
    {
      name: 'not JSON',
      args: [502, 'Bad Gateway', 'upstream down'],
      expected: '502 Bad Gateway: upstream down',
    },
    {
      name: 'no body',
      args: [500, 'Internal Server Error', ''],
      expected: '500 Internal Server Error',
    },
  ] as const;
  for (const row of rows) {
    const [status, statusText, body] = row.args;
    test(row.name, () => assert.equal(apiErrorMessage(status, statusText, body), row.expected));
  }
});

describe('formatDuration', () => {
  const rows = [
    [0, '0µs'],
    [850, '850µs'],
    [1500, '1.5ms'],
    [123_456, '123ms'],
    [2_345_678, '2.35s'],
  ] as const;
  for (const [us, text] of rows) test(`${us}µs`, () => assert.equal(formatDuration(us), text));
});
