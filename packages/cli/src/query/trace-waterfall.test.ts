import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JaegerSpan, JaegerTrace } from './jaeger-json.js';
import { formatWaterfall, waterfallRows } from './trace-waterfall.js';

const span = (
  spanID: string,
  parent: string | undefined,
  startTime: number,
  duration: number,
  error = false,
): JaegerSpan => ({
  traceID: 't',
  spanID,
  operationName: `op-${spanID}`,
  references: parent ? [{ refType: 'CHILD_OF', spanID: parent }] : [],
  startTime,
  duration,
  tags: error ? [{ key: 'error', value: true }] : [],
  processID: spanID === 'c' ? 'p2' : 'p1',
});

const traceOf = (spans: JaegerSpan[]): JaegerTrace => ({
  traceID: 't',
  spans,
  processes: { p1: { serviceName: 'front' }, p2: { serviceName: 'back' } },
});

test('rows go depth first, children by start; a span with a missing parent is a root', () => {
  const rows = waterfallRows(
    traceOf([
      span('c', 'b', 300, 100, true),
      span('a', undefined, 0, 1000),
      span('d', 'a', 600, 50),
      span('b', 'a', 100, 400),
      span('orphan', 'gone', 900, 10),
    ]),
  );
  assert.deepEqual(
    rows.map((r) => [r.spanId, r.depth, r.service, r.offsetUs, r.error]),
    [
      ['a', 0, 'front', 0, false],
      ['b', 1, 'front', 100, false],
      ['c', 2, 'back', 300, true],
      ['d', 1, 'front', 600, false],
      ['orphan', 0, 'front', 900, false],
    ],
  );
});

test('a parent cycle or a repeated span id is printed once, not forever', () => {
  const rows = waterfallRows(
    traceOf([span('a', undefined, 0, 10), span('b', 'a', 1, 5), span('b', 'a', 1, 5)]),
  );
  assert.deepEqual(
    rows.map((r) => r.spanId),
    ['a', 'b'],
  );
});

test('bars are placed on the trace time line, 40 columns wide, at least one column', () => {
  const lines = formatWaterfall(
    traceOf([span('a', undefined, 0, 1_000_000), span('b', 'a', 500_000, 1)]),
  ).split('\n');
  assert.equal(lines[0], 'trace t: 2 spans, 1 s');
  assert.match(lines[1] ?? '', /^front: op-a +1 s +\|█{40}\|$/);
  assert.match(lines[2] ?? '', /^ {2}front: op-b +1 µs +\| {20}█ {19}\|$/);
});
