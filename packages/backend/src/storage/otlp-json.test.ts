import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnyValue, KeyValue } from '@otel-lab/otlp';
import { anyValueJson, anyValueText, keyValuesJson, keyValuesText } from './otlp-json.js';

const VALUES: AnyValue[] = [
  { type: 'string', value: '' },
  {
    type: 'string',
    value: 'quote " backslash \\ newline \n tab \t nul \u0000 emoji 🙂 lone \ud800',
  },
  { type: 'bool', value: true },
  { type: 'bool', value: false },
  { type: 'int', value: 0n },
  { type: 'int', value: -9_223_372_036_854_775_808n },
  { type: 'int', value: 18_446_744_073_709_551_615n },
  { type: 'double', value: 0.1 },
  { type: 'double', value: -0 },
  { type: 'double', value: 1e-7 },
  { type: 'double', value: 1e21 },
  { type: 'double', value: Number.NaN },
  { type: 'double', value: Number.POSITIVE_INFINITY },
  { type: 'double', value: Number.NEGATIVE_INFINITY },
  { type: 'bytes', value: new Uint8Array([0, 1, 254, 255]) },
  { type: 'empty' },
];

test('the direct attribute text is exactly the JSON of the OTLP/JSON objects', () => {
  const nested: AnyValue[] = [
    ...VALUES,
    { type: 'array', value: VALUES },
    { type: 'array', value: [] },
    {
      type: 'kvlist',
      value: VALUES.map((value, i) => ({ key: `k${i}`, value })),
    },
    { type: 'kvlist', value: [{ key: 'inner', value: { type: 'array', value: VALUES } }] },
  ];
  for (const value of nested) {
    assert.equal(anyValueText(value), JSON.stringify(anyValueJson(value)));
  }
  const list: KeyValue[] = nested.map((value, i) => ({ key: `key "${i}"`, value }));
  assert.equal(keyValuesText(list), JSON.stringify(keyValuesJson(list)));
  assert.equal(keyValuesText([]), '[]');
});
