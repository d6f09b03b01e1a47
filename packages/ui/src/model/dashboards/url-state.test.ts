import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type DashboardUrlState,
  decodeDashboardState,
  describeWindow,
  encodeDashboardState,
  isZoomed,
  parseTime,
  refreshMs,
  timeWindow,
  zoomedWindow,
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

test('a zoom is written as Grafana writes it, epoch ms, and read back as the same window', () => {
  const zoom = zoomedWindow(1_764_180_000.25, 1_764_180_450.5);
  assert.deepEqual(zoom, { from: '1764180000250', to: '1764180450500' });
  const search = encodeDashboardState({ ...zoom, refresh: undefined, vars: {} });
  assert.deepEqual(timeWindow(decodeDashboardState(search), undefined, 2_000_000_000_000), {
    start: 1_764_180_000.25,
    end: 1_764_180_450.5,
  });
});

test('only a window with both ends in epoch ms is a zoom', () => {
  assert.equal(isZoomed({ from: '1764180000250', to: '1764180450500' }), true);
  assert.equal(isZoomed({ from: 'now-2d', to: 'now' }), false);
  assert.equal(isZoomed({ from: '1764180000250', to: 'now' }), false);
});

test('a custom window is described by its local times, with dates unless today', () => {
  const start = new Date(2026, 10, 26, 18, 1, 5).getTime() / 1000;
  const end = new Date(2026, 10, 26, 18, 6, 10).getTime() / 1000;
  const sameDay = describeWindow(start, end, new Date(2026, 10, 26, 23, 0).getTime());
  assert.match(sameDay, /^18:01:05 – 18:06:10$/);
  // Five past midnight is 00:05, never 24:05.
  const midnight = new Date(2026, 10, 26, 0, 5, 3).getTime() / 1000;
  assert.match(describeWindow(midnight, midnight + 60, midnight * 1000), /^00:05:03 – 00:06:03$/);
  const later = describeWindow(start, end, new Date(2026, 10, 28, 9, 0).getTime());
  assert.ok(later.includes(new Date(start * 1000).toLocaleDateString()), later);
  assert.match(later, /18:01:05 – .*18:06:10$/);
});
