import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LogRecordView } from '../jaeger-types.js';
import {
  attributePairs,
  mergeLines,
  newestCursor,
  severityClass,
  severityName,
  traceLink,
} from './log-lines.js';

/** A line at `time`; `seq` is its place among lines of the same time (the cursor's tie-breaker). */
const line = (time: string, body = `b${time}`, seq = 1): LogRecordView => ({
  cursor: `${time}-${seq}`,
  time,
  service: 's',
  severityNumber: 9,
  severityText: 'INFO',
  body: { stringValue: body },
  attributes: [],
  traceId: '',
  spanId: '',
});
const times = (lines: LogRecordView[]) => lines.map((l) => l.time);

describe('severity', () => {
  const rows = [
    { number: 0, text: '', name: 'UNSET', cls: 'sev-unset' },
    { number: 1, text: '', name: 'TRACE', cls: 'sev-trace' },
    { number: 9, text: '', name: 'INFO', cls: 'sev-info' },
    { number: 12, text: 'info4', name: 'INFO4', cls: 'sev-info' },
    { number: 13, text: 'warn', name: 'WARN', cls: 'sev-warn' },
    { number: 17, text: 'ERROR', name: 'ERROR', cls: 'sev-error' },
    { number: 24, text: '', name: 'FATAL', cls: 'sev-fatal' },
    { number: 0, text: 'error', name: 'ERROR', cls: 'sev-error' },
    { number: 0, text: 'warning', name: 'WARNING', cls: 'sev-warn' },
    { number: 0, text: '<b>x</b>', name: '<B>X</B>', cls: 'sev-unset' },
    { number: 99, text: '', name: 'UNSET', cls: 'sev-unset' },
  ];
  for (const row of rows) {
    test(`${row.number} ${row.text}`, () => {
      assert.equal(severityName(row.number, row.text), row.name);
      assert.equal(severityClass(row.number, row.text), row.cls);
    });
  }
});

describe('mergeLines', () => {
  const rows = [
    {
      name: 'tail prepends',
      shown: ['3', '2'],
      incoming: ['5', '4'],
      max: 10,
      expected: ['5', '4', '3', '2'],
    },
    {
      name: 'drops a repeated line',
      shown: ['3', '2'],
      incoming: ['4', '3'],
      max: 10,
      expected: ['4', '3', '2'],
    },
    {
      name: 'older page appends',
      shown: ['9', '8'],
      incoming: ['7', '6'],
      max: 10,
      expected: ['9', '8', '7', '6'],
    },
    {
      name: 'bounded to the newest',
      shown: ['3', '2', '1'],
      incoming: ['5', '4'],
      max: 3,
      expected: ['5', '4', '3'],
    },
    {
      name: 'ns beyond 2^53 order right',
      shown: ['1700000000000000001'],
      incoming: ['1700000000000000002'],
      max: 10,
      expected: ['1700000000000000002', '1700000000000000001'],
    },
    { name: 'empty', shown: [], incoming: [], max: 10, expected: [] },
  ];
  for (const row of rows) {
    test(row.name, () =>
      assert.deepEqual(
        times(
          mergeLines(
            row.shown.map((t) => line(t)),
            row.incoming.map((t) => line(t)),
            row.max,
          ),
        ),
        row.expected,
      ),
    );
  }
  test('same time, other records: both kept, newer seq first', () =>
    assert.deepEqual(
      mergeLines([line('1', 'a', 1)], [line('1', 'b', 2)]).map((l) => l.cursor),
      ['1-2', '1-1'],
    ));
  test('same time, same body, other records: both kept', () =>
    assert.equal(mergeLines([line('1', 'a', 1)], [line('1', 'a', 2)]).length, 2));
  test('the same record twice is shown once', () =>
    assert.equal(mergeLines([line('1', 'a', 7)], [line('1', 'a', 7)]).length, 1));
});

describe('newestCursor', () => {
  const rows = [
    { lines: [] as [string, number][], expected: '' },
    {
      lines: [
        ['5', 1],
        ['9', 1],
        ['7', 1],
      ] as [string, number][],
      expected: '9-1',
    },
    {
      lines: [
        ['9', 2],
        ['9', 3],
        ['9', 1],
      ] as [string, number][],
      expected: '9-3',
    },
    {
      lines: [
        ['1700000000000000002', 9],
        ['1700000000000000003', 1],
      ] as [string, number][],
      expected: '1700000000000000003-1',
    },
  ];
  for (const row of rows) {
    test(row.expected || '(none)', () =>
      assert.equal(newestCursor(row.lines.map(([t, seq]) => line(t, 'b', seq))), row.expected),
    );
  }
});

describe('traceLink', () => {
  const rows = [
    { traceId: '', spanId: '', expected: null },
    { traceId: '0'.repeat(32), spanId: '', expected: null },
    { traceId: 'abc', spanId: '', expected: '/trace/abc' },
    { traceId: 'abc', spanId: '0'.repeat(16), expected: '/trace/abc' },
    { traceId: 'abc', spanId: 'def', expected: '/trace/abc?span=def' },
    { traceId: 'a/b', spanId: 'c&d', expected: '/trace/a%2Fb?span=c%26d' },
  ];
  for (const row of rows) {
    test(`${row.traceId} ${row.spanId}`, () => assert.equal(traceLink(row), row.expected));
  }
});

describe('attributePairs', () => {
  const rows = [
    { input: null, expected: [] },
    { input: { a: 1 }, expected: [] },
    {
      input: [{ key: 'a', value: { intValue: '1' } }, null, { nokey: 1 }],
      expected: [{ key: 'a', value: { intValue: '1' } }],
    },
  ];
  for (const row of rows) {
    test(JSON.stringify(row.input), () =>
      assert.deepEqual(attributePairs(row.input), row.expected),
    );
  }
});
