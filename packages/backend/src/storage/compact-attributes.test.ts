import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnyValue, KeyValue } from '@otel-lab/otlp';
import {
  compactAttributesText,
  compactFromOtlpJson,
  jsonPointer,
  storedKeyValues,
} from './compact-attributes.js';
import { keyValuesJson, keyValuesText } from './otlp-json.js';

const VALUES: AnyValue[] = [
  { type: 'string', value: 'GET "quoted" \\ 🙂' },
  { type: 'string', value: '' },
  { type: 'bool', value: true },
  { type: 'bool', value: false },
  { type: 'int', value: 200n },
  { type: 'int', value: -9_007_199_254_740_991n },
  { type: 'int', value: 9_007_199_254_740_993n },
  { type: 'int', value: -9_223_372_036_854_775_808n },
  { type: 'double', value: 0.25 },
  { type: 'double', value: 2 },
  { type: 'double', value: 1e21 },
  { type: 'double', value: Number.NaN },
  { type: 'double', value: Number.NEGATIVE_INFINITY },
  { type: 'bytes', value: new Uint8Array([0, 255, 7]) },
  { type: 'empty' },
];

const LIST: KeyValue[] = [
  ...VALUES.map((value, i) => ({ key: `key.${i}`, value })),
  { key: 'list', value: { type: 'array', value: VALUES } },
  {
    key: 'map',
    value: { type: 'kvlist', value: VALUES.map((value, i) => ({ key: `inner ${i}`, value })) },
  },
  { key: 'a/b~c', value: { type: 'string', value: 'pointer escapes' } },
];

test('compact attributes read back as the OTLP/JSON list, every type kept', () => {
  const compact = compactAttributesText(LIST);
  assert.ok(compact.length < keyValuesText(LIST).length / 1.5, 'the compact form is smaller');
  assert.deepEqual(storedKeyValues(compact), keyValuesJson(LIST));
});

test("the v1 migration's conversion gives what ingest writes", () => {
  assert.equal(compactFromOtlpJson(keyValuesText(LIST)), compactAttributesText(LIST));
  assert.equal(compactFromOtlpJson('[]'), '{}');
});

test('JSON pointers escape ~ and /', () => {
  assert.equal(jsonPointer('http.route'), '/http.route');
  assert.equal(jsonPointer('a/b~c'), '/a~1b~0c');
});
