import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_LOGS,
  decodeLogs,
  encodeLogs,
  type LogsState,
  logsQuery,
  parseAttrFilters,
} from './logs-state.js';

describe('logs URL state', () => {
  const rows: { url: string; state: LogsState; canonical?: string }[] = [
    { url: '', state: DEFAULT_LOGS },
    {
      url: 'service=demo-app&minSeverity=WARN&text=order+created&attr.order.id=o-1&attr.k=a%3Db&range=15m&live=1',
      state: {
        ...DEFAULT_LOGS,
        service: 'demo-app',
        minSeverity: 'WARN',
        text: 'order created',
        attrs: [
          ['order.id', 'o-1'],
          ['k', 'a=b'],
        ],
        range: '15m',
        live: true,
      },
    },
    {
      url: 'minSeverity=error&range=bogus&live=yes&attr.=x',
      state: { ...DEFAULT_LOGS, minSeverity: 'ERROR' },
      canonical: 'minSeverity=ERROR',
    },
    { url: 'traceId=abc', state: { ...DEFAULT_LOGS, traceId: 'abc' } },
  ];
  for (const row of rows) {
    test(row.url || '(empty)', () => {
      const state = decodeLogs(new URLSearchParams(row.url));
      assert.deepEqual(state, row.state);
      assert.equal(encodeLogs(state).toString(), row.canonical ?? row.url);
    });
  }
});

describe('logsQuery', () => {
  const now = 10_000_000;
  const rows = [
    { state: DEFAULT_LOGS, page: {}, expected: 'start=6400000&end=10060000&limit=200' },
    {
      state: {
        ...DEFAULT_LOGS,
        service: 's',
        attrs: [['a', '1']] as [string, string][],
        range: '5m',
      },
      page: { before: '123' },
      expected: 'start=9700000&end=10060000&service=s&attr.a=1&limit=200&before=123',
    },
    {
      state: { ...DEFAULT_LOGS, minSeverity: 'INFO', text: 'x y' },
      page: { after: '999' },
      expected: 'start=6400000&end=10060000&minSeverity=INFO&text=x+y&limit=200&after=999',
    },
  ];
  for (const row of rows) {
    test(row.expected, () =>
      assert.equal(logsQuery(row.state, now, row.page).toString(), row.expected),
    );
  }
});

describe('parseAttrFilters', () => {
  const rows = [
    { input: '', expected: { ok: true, attrs: [] } },
    {
      input: 'a=1 b=2',
      expected: {
        ok: true,
        attrs: [
          ['a', '1'],
          ['b', '2'],
        ],
      },
    },
    {
      input: 'msg=hello world, c=3',
      expected: {
        ok: true,
        attrs: [
          ['msg', 'hello world'],
          ['c', '3'],
        ],
      },
    },
    { input: 'k=a=b', expected: { ok: true, attrs: [['k', 'a=b']] } },
    { input: 'nokey', expected: { ok: false, error: 'expected key=value, got "nokey"' } },
    { input: '=v', expected: { ok: false, error: 'expected key=value, got "=v"' } },
  ];
  for (const row of rows) {
    test(JSON.stringify(row.input), () =>
      assert.deepEqual(parseAttrFilters(row.input), row.expected),
    );
  }
});
