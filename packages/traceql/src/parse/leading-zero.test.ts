import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withLeadingZeros } from './leading-zero';

test('numbers written without their leading 0 get it; names, literals and other numbers do not', () => {
  const cases: [string, string][] = [
    ['quantile_over_time(duration, .95, .5)', 'quantile_over_time(duration, 0.95, 0.5)'],
    ['{ span.ratio > .5 }', '{ span.ratio > 0.5 }'],
    ['{ .a = -.5e3 }', '{ .a = -0.5e3 }'],
    ['{ .a = 1 }', '{ .a = 1 }'],
    ['{ .95xx = 1 }', '{ .95xx = 1 }'],
    ['{ span.v1.5 = 1 }', '{ span.v1.5 = 1 }'],
    ['{ name = "a .5 b" }', '{ name = "a .5 b" }'],
    ['{ name = "a \\" .5" && .b = .5 }', '{ name = "a \\" .5" && .b = 0.5 }'],
    ['{ name = `raw .5` }', '{ name = `raw .5` }'],
    ['{ 1.5 = .a }', '{ 1.5 = .a }'],
  ];
  for (const [query, text] of cases) assert.equal(withLeadingZeros(query).text, text, query);
});

test('offsets in the text map back to the query', () => {
  const normalised = withLeadingZeros('f(.5, .25) }');
  assert.equal(normalised.text, 'f(0.5, 0.25) }');
  assert.equal(normalised.original(normalised.text.indexOf('}')), 11);
  assert.equal(normalised.original(0), 0);
  assert.equal(normalised.original(normalised.text.indexOf(', ')), 4);
});
