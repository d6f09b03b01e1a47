import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileMatchers, type LabelMatcher } from './label-matcher.js';

const m = (name: string, type: LabelMatcher['type'], value: string): LabelMatcher => ({
  name,
  type,
  value,
});

// A label set parsed from JSON, as the series index holds them: `__proto__` is an own label.
const LABELS = JSON.parse('{"__name__":"up","__proto__":"p","job":"api","pod":"api-7"}') as Record<
  string,
  string
>;

test('a label set matches when every matcher holds, whatever their number', () => {
  const rows: { matchers: LabelMatcher[]; expected: boolean }[] = [
    { matchers: [], expected: true },
    { matchers: [m('job', '=', 'api')], expected: true },
    { matchers: [m('job', '!=', 'api')], expected: false },
    { matchers: [m('job', '=', 'api'), m('pod', '=~', 'api-.*')], expected: true },
    { matchers: [m('job', '=', 'api'), m('pod', '!~', 'api-.*')], expected: false },
    { matchers: [m('job', '=', 'web'), m('pod', '=~', 'api-.*')], expected: false },
    {
      matchers: [m('__name__', '=', 'up'), m('job', '=~', 'a.+'), m('pod', '=~', '.*7')],
      expected: true,
    },
    {
      matchers: [m('__name__', '=', 'up'), m('job', '=~', 'a.+'), m('pod', '=~', '.*8')],
      expected: false,
    },
    // A missing label is the empty value.
    { matchers: [m('zone', '=', '')], expected: true },
    { matchers: [m('zone', '!~', '.+')], expected: true },
    { matchers: [m('zone', '=~', '.+')], expected: false },
  ];
  for (const { matchers, expected } of rows) {
    assert.equal(compileMatchers(matchers)(LABELS), expected, JSON.stringify(matchers));
  }
});

test("names of Object's own members read only a label of that name", () => {
  for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
    assert.equal(compileMatchers([m(name, '=', '')])(LABELS), true, name);
    assert.equal(compileMatchers([m(name, '=~', '.+')])(LABELS), false, name);
  }
  assert.equal(compileMatchers([m('__proto__', '=', 'p')])(LABELS), true);
  assert.equal(compileMatchers([m('__proto__', '=', '')])({ job: 'api' }), true);
});
