import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  barLevel,
  formatAgo,
  formatBytes,
  formatPercent,
  formatScrapeDuration,
  formatSpan,
  groupTargets,
  healthClass,
  type ScrapeTarget,
  shareOf,
} from './status-format.js';

describe('formatting', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  const rows = [
    { got: formatBytes(0), expected: '0 B' },
    { got: formatBytes(512), expected: '512 B' },
    { got: formatBytes(1536), expected: '1.5 KiB' },
    { got: formatBytes(10.25 * 1024 * 1024), expected: '10.3 MiB' },
    { got: formatBytes(1024 ** 3), expected: '1 GiB' },
    { got: formatBytes(-1), expected: '–' },
    { got: formatPercent(0), expected: '0 %' },
    { got: formatPercent(0.004), expected: '0.4 %' },
    { got: formatPercent(0.123), expected: '12 %' },
    { got: formatPercent(1), expected: '100 %' },
    { got: String(shareOf(50, 200)), expected: '0.25' },
    { got: String(shareOf(300, 200)), expected: '1' },
    { got: String(shareOf(5, 0)), expected: '0' },
    { got: barLevel(0.5), expected: 'ok' },
    { got: barLevel(0.8), expected: 'warn' },
    { got: barLevel(0.95), expected: 'full' },
    { got: formatSpan(7 * 86_400_000), expected: '7d' },
    { got: formatSpan(36 * 3_600_000), expected: '36h' },
    { got: formatSpan(90_000), expected: '90s' },
    { got: formatSpan(1500), expected: '1.5s' },
    { got: formatSpan(250), expected: '250ms' },
    { got: formatAgo('2026-11-26T11:59:56.800Z', now), expected: '3.2s ago' },
    { got: formatAgo('2026-11-26T11:57:30Z', now), expected: '2m 30s ago' },
    { got: formatAgo('0001-01-01T00:00:00Z', now), expected: 'never' },
    { got: formatAgo('', now), expected: 'never' },
    { got: formatScrapeDuration(0.0123), expected: '12.3ms' },
    { got: formatScrapeDuration(1.5), expected: '1.5s' },
    { got: healthClass('up'), expected: 'health-up' },
    { got: healthClass('<x>'), expected: 'health-unknown' },
  ];
  rows.forEach((row, i) => {
    test(`${i}: ${row.expected}`, () => assert.equal(row.got, row.expected));
  });
});

describe('groupTargets', () => {
  const target = (pool: string, url: string, health: string): ScrapeTarget => ({
    labels: { job: pool },
    scrapePool: pool,
    scrapeUrl: url,
    lastError: '',
    lastScrape: '',
    lastScrapeDuration: 0,
    health,
  });
  test('pools sorted, targets by URL, up counted', () => {
    const pools = groupTargets([
      target('payment', 'http://b/metrics', 'down'),
      target('demo', 'http://z/metrics', 'up'),
      target('payment', 'http://a/metrics', 'up'),
    ]);
    assert.deepEqual(
      pools.map((p) => [p.pool, p.up, p.targets.map((t) => t.scrapeUrl)]),
      [
        ['demo', 1, ['http://z/metrics']],
        ['payment', 1, ['http://a/metrics', 'http://b/metrics']],
      ],
    );
  });
  test('none', () => assert.deepEqual(groupTargets([]), []));
});
