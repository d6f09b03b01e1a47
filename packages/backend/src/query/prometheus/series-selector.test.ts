import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSeriesSelector, SelectorError } from './series-selector.js';

const VALID: [string, [string, string, string][]][] = [
  ['up', [['__name__', '=', 'up']]],
  ['  ns:rate5m  ', [['__name__', '=', 'ns:rate5m']]],
  ['up{}', [['__name__', '=', 'up']]],
  ['{job="a"}', [['job', '=', 'a']]],
  [
    'http{code!="200", path=~\'/a.*\',method!~`GE.`,}',
    [
      ['__name__', '=', 'http'],
      ['code', '!=', '200'],
      ['path', '=~', '/a.*'],
      ['method', '!~', 'GE.'],
    ],
  ],
  ['{a="\\n\\t\\"\\\\\\x41\\u00e9\\101"}', [['a', '=', '\n\t"\\AéA']]],
  ['{a=`raw\\n`}', [['a', '=', 'raw\\n']]],
  ['{__name__=~"up|down"}', [['__name__', '=~', 'up|down']]],
  // Accepted by Prometheus too: both matchers apply.
  [
    'up{__name__="x"}',
    [
      ['__name__', '=', 'up'],
      ['__name__', '=', 'x'],
    ],
  ],
];

for (const [text, expected] of VALID) {
  test(`parses ${text}`, () => {
    assert.deepEqual(
      parseSeriesSelector(text).map((m) => [m.name, m.type, m.value]),
      expected,
    );
  });
}

// Positions and wording as Prometheus 2.42 answers the same selectors.
const INVALID: [string, string][] = [
  ['', '1:1: parse error: unexpected end of input'],
  ['{job="a"', '1:9: parse error: unexpected end of input inside braces'],
  ['{job~"a"}', "1:5: parse error: unexpected character inside braces: '~'"],
  ['up{job=}', '1:8: parse error: unexpected "}" in label matching, expected string'],
  ['{job="a}', '1:6: parse error: unterminated quoted string'],
  ['{job="\\q"}', "1:6: parse error: unknown escape sequence U+0071 'q'"],
  ['{a=""}', 'match[] must contain at least one non-empty matcher'],
  ['up[5m]', '1:3: parse error: unexpected "["'],
  ['sum(up)', '1:4: parse error: unexpected "("'],
];

test("an invalid regex is refused at its label with Go's message", () => {
  assert.throws(
    () => parseSeriesSelector('{a=~"("}'),
    new SelectorError('1:2: parse error: error parsing regexp: missing closing ): `(`'),
  );
});

for (const [text, message] of INVALID) {
  test(`refuses ${JSON.stringify(text)}`, () => {
    assert.throws(
      () => parseSeriesSelector(text),
      (error: unknown) => {
        assert.ok(error instanceof SelectorError);
        assert.equal(error.message, message);
        return true;
      },
    );
  });
}
