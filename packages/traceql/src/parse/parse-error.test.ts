import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TraceqlParseError } from './parse-error';
import { parseTraceql } from './parser';

describe('parseTraceql: syntax errors name the position and what was found', () => {
  const cases: [string, string, number][] = [
    ['', 'parse error at line 1, col 1: syntax error: unexpected $end', 0],
    ['{ .a = }', 'parse error at line 1, col 8: syntax error: unexpected }', 7],
    ['{ .a = 1', 'parse error at line 1, col 9: syntax error: unexpected $end', 8],
    [
      '{ .a = "x }',
      'parse error at line 1, col 8: syntax error: unexpected literal not terminated',
      7,
    ],
    ['{ foo }', 'parse error at line 1, col 3: syntax error: unexpected foo', 2],
    [
      // `>` is a comparison after count(); the second `>` is what the grammar cannot take.
      '{ .a = 1 }\n| count() >> 2',
      'parse error at line 2, col 12: syntax error: unexpected >',
      22,
    ],
    ['{ .a = 1 } | rate() by', 'parse error at line 1, col 23: syntax error: unexpected $end', 22],
    [
      // After a number written without its leading 0, positions are still the query's own.
      '{} | quantile_over_time(duration, .95) }',
      'parse error at line 1, col 40: syntax error: unexpected }',
      39,
    ],
  ];
  for (const [query, message, position] of cases) {
    test(JSON.stringify(query), () => {
      assert.throws(
        () => parseTraceql(query),
        (error: unknown) =>
          error instanceof TraceqlParseError &&
          error.message === message &&
          error.position === position,
      );
    });
  }
});
