import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiteralError, unquoteString } from './literals';

test('unquoteString reads Go string literals as Prometheus does', () => {
  const cases: [string, string][] = [
    ['"plain text"', 'plain text'],
    ["'single'", 'single'],
    ['`raw \\n kept`', 'raw \\n kept'],
    ['"a\\nb\\tc"', 'a\nb\tc'],
    ['"run \\x41\\x42 then run"', 'run AB then run'],
    ['"\\xe2\\x82\\xac euro"', '€ euro'],
    ['"\\u00e9t\\u00e9"', 'été'],
    ['"\\101\\102"', 'AB'],
    ['"it\'s"', "it's"],
    ['""', ''],
  ];
  for (const [literal, value] of cases) assert.equal(unquoteString(literal), value, literal);
});

test('unquoteString refuses what Go refuses', () => {
  for (const literal of [
    '"a"b"',
    '"line\nbreak"',
    '"bad \\q"',
    '"\\x4"',
    "'\\\"'",
    '"unterminated',
  ]) {
    assert.throws(() => unquoteString(literal), LiteralError, literal);
  }
});

test('a 3 MB literal is read whole', () => {
  const body = 'a'.repeat(3_000_000);
  assert.equal(unquoteString(`"${body}\\x21"`), `${body}!`);
});
