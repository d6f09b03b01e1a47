import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type DashboardUrlState,
  decodeDashboardState,
  encodeDashboardState,
  parseTime,
  refreshMs,
  timeWindow,
} from './url-state.js';

test('dashboard URL state round-trips', () => {
  const cases: { search: string; state: DashboardUrlState }[] = [
    { search: '', state: { from: undefined, to: undefined, refresh: undefined, vars: {} } },
    {
      search: '?from=now-1h&to=now&refresh=10s&var-endpoint=%2Fapi%2Forders&var-endpoint=%2Fx',
      state: {
        from: 'now-1h',
        to: 'now',
        refresh: '10s',
        vars: { endpoint: ['/api/orders', '/x'] },
      },
    },
    {
      search: '?var-e=%24__all',
      state: { from: undefined, to: undefined, refresh: undefined, vars: { e: ['$__all'] } },
    },
  ];
  for (const { search, state } of cases) {
    assert.deepEqual(decodeDashboardState(search), state, search);
    assert.equal(encodeDashboardState(state), search, search);
  }
});

test('parseTime, refreshMs, timeWindow', () => {
  const now = 1_700_000_000_000;
  const cases: [string | undefined, number | null][] = [
    ['now', 1_700_000_000],
    ['now-15m', 1_700_000_000 - 900],
    ['now-24h', 1_700_000_000 - 86_400],
    ['1699999000000', 1_699_999_000],
    ['yesterday', null],
    [undefined, null],
  ];
  for (const [text, expected] of cases) assert.equal(parseTime(text, now), expected, text);
  assert.deepEqual(
    [refreshMs('10s'), refreshMs('1m'), refreshMs(''), refreshMs('x')],
    [10_000, 60_000, 0, 0],
  );
  assert.deepEqual(timeWindow({}, { from: 'now-15m', to: 'now' }, now), {
    start: 1_700_000_000 - 900,
    end: 1_700_000_000,
  });
  assert.deepEqual(timeWindow({ from: 'now-1h' }, { from: 'now-15m' }, now), {
    start: 1_700_000_000 - 3600,
    end: 1_700_000_000,
  });
  assert.deepEqual(timeWindow({ from: 'now', to: 'now-1h' }, undefined, now), {
    start: 1_700_000_000 - 3600 - 900,
    end: 1_700_000_000 - 3600,
  });
});
