import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatFloatE,
  formatGoDuration,
  formatLabelPairs,
  formatModelDuration,
  goQuote,
} from './go-format';

// Expected texts are Go's (strconv, time, prometheus/common/model) for the same values.
test('formatFloatE prints as strconv.FormatFloat(v, E, -1, 64)', () => {
  const cases: [number, string][] = [
    [0, '0E+00'],
    [-0, '-0E+00'],
    [1, '1E+00'],
    [0.5, '5E-01'],
    [66, '6.6E+01'],
    [1234.5, '1.2345E+03'],
    [0.1 + 0.2, '3.0000000000000004E-01'],
    [1e-9, '1E-09'],
    [1e300, '1E+300'],
    [5e-324, '5E-324'],
    [-3.3333333333333337e-10, '-3.3333333333333337E-10'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ];
  for (const [v, want] of cases) assert.equal(formatFloatE(v), want, String(v));
});

test('formatModelDuration prints as model.Duration.String', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [1500, '1s500ms'],
    [90_000, '1m30s'],
    [300_000, '5m'],
    [5_400_000, '1h30m'],
    [86_400_000, '1d'],
    [7 * 86_400_000, '1w'],
    [8 * 86_400_000, '8d'],
    [365 * 86_400_000, '1y'],
    [366 * 86_400_000, '366d'],
  ];
  for (const [ms, want] of cases) assert.equal(formatModelDuration(ms), want, String(ms));
});

test('formatGoDuration prints as time.Duration.String', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [250, '250ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [120_000, '2m0s'],
    [3_600_000, '1h0m0s'],
    [3_723_010, '1h2m3.01s'],
    [90_000_000, '25h0m0s'],
  ];
  for (const [ms, want] of cases) assert.equal(formatGoDuration(ms), want, String(ms));
});

test('goQuote escapes as strconv.Quote and labels print as labels.String', () => {
  const cases: [string, string][] = [
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['line\nbreak\ttab', '"line\\nbreak\\ttab"'],
    ['\x00\x07\x7f', '"\\x00\\a\\x7f"'],
    ['héllo ☃', '"héllo ☃"'],
    ['zero\u200bwidth', '"zero\\u200bwidth"'],
  ];
  for (const [text, want] of cases) assert.equal(goQuote(text), want, JSON.stringify(text));
  assert.equal(
    formatLabelPairs([
      ['__name__', 'up'],
      ['job', 'a "b"'],
    ]),
    '{__name__="up", job="a \\"b\\""}',
  );
  assert.equal(formatLabelPairs([]), '{}');
});
