import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrometheusDuration } from './prometheus-duration';

test('Prometheus durations read as milliseconds, malformed ones as Prometheus words the error', () => {
  const cases: [string, number | string][] = [
    ['0', 0],
    ['0s', 0],
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1d', 86_400_000],
    ['2w', 14 * 86_400_000],
    ['1y', 365 * 86_400_000],
    ['', 'empty duration string'],
    ['5', 'not a valid duration string: "5"'],
    ['1.5m', 'not a valid duration string: "1.5m"'],
    ['30s1m', 'not a valid duration string: "30s1m"'],
    ['-5m', 'not a valid duration string: "-5m"'],
    ['1M', 'not a valid duration string: "1M"'],
    ['300y', 'duration out of range: "300y"'],
  ];
  for (const [text, expected] of cases) {
    const got = parsePrometheusDuration(text);
    assert.deepEqual(got instanceof Error ? got.message : got, expected, text);
  }
});
