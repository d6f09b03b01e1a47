import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LokiError } from './loki-error.js';
import { parseLokiTime, parseSecondsOrDuration } from './loki-time.js';

const FALLBACK = 42n;

test('times as Loki reads them: seconds, seconds with fractions, nanoseconds, RFC 3339', () => {
  const cases: [string | null, bigint][] = [
    [null, FALLBACK],
    ['', FALLBACK],
    ['1700000000', 1_700_000_000_000_000_000n],
    ['0', 0n],
    ['-5', -5_000_000_000n],
    ['1700000000.5', 1_700_000_000_500_000_000n],
    ['1700000000.1234', 1_700_000_000_123_000_000n],
    ['1700000000.0006', 1_700_000_000_001_000_000n],
    ['1.7e9', 1_700_000_000_000_000_000n],
    ['1700000000123456789', 1_700_000_000_123_456_789n],
    ['17000000001', 17_000_000_001n],
    ['2023-11-14T22:13:20Z', 1_700_000_000_000_000_000n],
    ['2023-11-14T22:13:20.123456789Z', 1_700_000_000_123_456_789n],
    ['2023-11-15T00:13:20+02:00', 1_700_000_000_000_000_000n],
    ['2023-11-14t22:13:20.5z', 1_700_000_000_500_000_000n],
  ];
  for (const [text, ns] of cases) assert.equal(parseLokiTime(text, FALLBACK), ns, String(text));
});

test('times Loki refuses, with its messages', () => {
  const cases: [string, string][] = [
    ['yesterday', 'strconv.ParseInt: parsing "yesterday": invalid syntax'],
    ['2023-11-14', 'strconv.ParseInt: parsing "2023-11-14": invalid syntax'],
    ['2023-02-30T00:00:00Z', 'strconv.ParseInt: parsing "2023-02-30T00:00:00Z": invalid syntax'],
    [
      '99999999999999999999',
      'strconv.ParseInt: parsing "99999999999999999999": value out of range',
    ],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseLokiTime(text, FALLBACK),
      (error: unknown) => {
        return error instanceof LokiError && error.status === 400 && error.message === message;
      },
      text,
    );
  }
});

test('step and interval: seconds or a duration', () => {
  const cases: [string, bigint][] = [
    ['15', 15_000_000_000n],
    ['0.5', 500_000_000n],
    ['1m', 60_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['1d', 86_400_000_000_000n],
  ];
  for (const [text, ns] of cases) assert.equal(parseSecondsOrDuration(text), ns, text);
  assert.throws(() => parseSecondsOrDuration('soon'), /cannot parse "soon" to a valid duration/);
  assert.throws(() => parseSecondsOrDuration('1e300'), /It overflows int64/);
});
