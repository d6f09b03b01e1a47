import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ALL,
  builtins,
  parseLabelValues,
  queryStep,
  selectedValues,
  substitute,
  variableText,
} from './variables.js';

test('parseLabelValues', () => {
  const cases = [
    {
      query: 'label_values(app_requests_total{job="demo-app"}, endpoint)',
      expected: { match: 'app_requests_total{job="demo-app"}', label: 'endpoint' },
    },
    { query: 'label_values(job)', expected: { match: '', label: 'job' } },
    { query: ' label_values( up , instance ) ', expected: { match: 'up', label: 'instance' } },
    { query: 'query_result(up)', expected: null },
    { query: 'label_values(up, 1bad)', expected: null },
  ];
  for (const { query, expected } of cases)
    assert.deepEqual(parseLabelValues(query), expected, query);
});

test('substitute', () => {
  const values = { endpoint: '(a|b)', __rate_interval: '60s', env: 'prod' };
  const cases = [
    ['rate(x{e=~"$endpoint"}[$__rate_interval])', 'rate(x{e=~"(a|b)"}[60s])'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
    ['x{e="${env}"}', 'x{e="prod"}'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
    ['x{e="${env:regex}"}', 'x{e="prod"}'],
    ['x{e="[[env]]"}', 'x{e="prod"}'],
    ['x{e="$envx"}', 'x{e="$envx"}'],
    ['x{e="$unknown"}', 'x{e="$unknown"}'],
    ['$env$env', 'prodprod'],
    ['no vars', 'no vars'],
    ['x{e="$constructor"}', 'x{e="$constructor"}'],
  ];
  for (const [input, expected] of cases)
    assert.equal(substitute(input as string, values), expected, input);
});

test('variableText', () => {
  const multi = { name: 'e', multi: true, includeAll: true, allValue: '.*' };
  const cases = [
    { variable: multi, values: [ALL], options: ['a'], expected: '.*' },
    {
      variable: { ...multi, allValue: undefined },
      values: [ALL],
      options: ['a', 'b.c'],
      expected: '(a|b\\.c)',
    },
    { variable: multi, values: ['/api/orders', '/x'], options: [], expected: '(/api/orders|/x)' },
    { variable: multi, values: ['a+b'], options: [], expected: 'a\\+b' },
    { variable: { name: 'e' }, values: ['a+b'], options: [], expected: 'a+b' },
    { variable: { name: 'e' }, values: [], options: [], expected: '' },
  ];
  for (const { variable, values, options, expected } of cases) {
    assert.equal(variableText(variable, values, options), expected, JSON.stringify(values));
  }
});

test('selectedValues', () => {
  const cases = [
    { variable: { name: 'e', multi: true }, url: ['a', 'b'], options: ['z'], expected: ['a', 'b'] },
    { variable: { name: 'e' }, url: ['a', 'b'], options: ['z'], expected: ['a'] },
    {
      variable: { name: 'e', current: { value: ['$__all'] } },
      url: [],
      options: ['z'],
      expected: [ALL],
    },
    {
      variable: { name: 'e', current: { value: 'All' } },
      url: [],
      options: ['z'],
      expected: [ALL],
    },
    { variable: { name: 'e', includeAll: true }, url: [], options: ['z'], expected: [ALL] },
    { variable: { name: 'e' }, url: [], options: ['z', 'y'], expected: ['z'] },
    { variable: { name: 'e' }, url: [], options: [], expected: [] },
  ];
  for (const { variable, url, options, expected } of cases) {
    assert.deepEqual(selectedValues(variable, url, options), expected, JSON.stringify(variable));
  }
});

test('builtins and queryStep', () => {
  assert.equal(queryStep(900), 15);
  assert.equal(queryStep(86_400), 288);
  assert.deepEqual(builtins(900, 15), {
    __interval: '15s',
    __interval_ms: '15000',
    __rate_interval: '60s',
    __range: '900s',
    __range_s: '900',
    __range_ms: '900000',
  });
  assert.equal(builtins(86_400, 288).__rate_interval, '303s');
});
