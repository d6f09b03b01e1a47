import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogData } from './model.js';
import { logRejection } from './validate.js';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

const record = (traceId: string, spanId: string) => ({ traceId, spanId }) as LogData;

test('log record ids: empty or lower-case hex of the right length, not all zero', () => {
  const cases: [traceId: string, spanId: string, rejected: RegExp | undefined][] = [
    [TRACE, SPAN, undefined],
    ['', '', undefined],
    [TRACE, '', undefined],
    [`${'0'.repeat(31)}1`, `${'0'.repeat(15)}f`, undefined],
    ['0'.repeat(32), SPAN, /trace id/],
    [TRACE, '0'.repeat(16), /span id/],
    [TRACE.toUpperCase(), SPAN, /trace id/],
    [`${TRACE.slice(0, 31)}g`, SPAN, /trace id/],
    [`${TRACE.slice(0, 31)}:`, SPAN, /trace id/],
    [`${TRACE.slice(0, 31)}/`, SPAN, /trace id/],
    [TRACE.slice(0, 30), SPAN, /trace id/],
    [`${TRACE}00`, SPAN, /trace id/],
    [TRACE, `${SPAN.slice(0, 15)}G`, /span id/],
    [TRACE, 'abc', /span id/],
  ];
  for (const [traceId, spanId, rejected] of cases) {
    const reason = logRejection(record(traceId, spanId));
    if (rejected) assert.match(reason ?? '', rejected, `${traceId}/${spanId}`);
    else assert.equal(reason, undefined, `${traceId}/${spanId}`);
  }
});
