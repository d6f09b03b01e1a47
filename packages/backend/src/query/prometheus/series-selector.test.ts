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
];

for (const [text, expected] of VALID) {
  test(`parses ${text}`, () => {
    assert.deepEqual(
      parseSeriesSelector(text).map((m) => [m.name, m.type, m.value]),
      expected,
    );
  });
}

const INVALID: [string, RegExp][] = [
  ['', /expected a series selector/],
  ['{job="a"', /1:9: parse error: expected "," or "}"/],
  ['{job~"a"}', /1:5: .*expected a label matching operator/],
  ['{job="a}', /unterminated quoted string/],
  ['{job="\\q"}', /invalid escape sequence \\q/],
  ['up{__name__="x"}', /metric name must not be set twice/],
  ['{a=""}', /at least one non-empty matcher/],
  ['{a=~"("}', /invalid regular expression/],
  ['up[5m]', /unexpected "\["/],
  ['sum(up)', /unexpected "\("/],
];

for (const [text, message] of INVALID) {
  test(`refuses ${JSON.stringify(text)}`, () => {
    assert.throws(
      () => parseSeriesSelector(text),
      (error: unknown) => {
        assert.ok(error instanceof SelectorError);
        assert.match(error.message, message);
        return true;
      },
    );
  });
}
