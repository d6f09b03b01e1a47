import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnyValue, KeyValue, SpanEvent } from '@otel-lab/otlp';
import {
  compactAttributesText,
  compactEventsFromOtlpJson,
  compactEventsText,
  compactFromOtlpJson,
  jsonPointer,
  storedEventsJson,
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

const START = 1_700_000_000_000_000_000n;
const EVENTS: SpanEvent[] = [
  {
    timeUnixNano: START + 1500n,
    name: 'log',
    attributes: LIST.slice(0, 3),
    droppedAttributesCount: 0,
  },
  {
    timeUnixNano: START - 10n,
    name: 'before the start',
    attributes: [],
    droppedAttributesCount: 2,
  },
  { timeUnixNano: 5n, name: 'far away "quoted"', attributes: [], droppedAttributesCount: 0 },
];

/** The OTLP/JSON event list, as schema v1 stored it. */
const v1Events = (events: SpanEvent[]) =>
  JSON.stringify(
    events.map((event) => ({
      timeUnixNano: event.timeUnixNano.toString(),
      name: event.name,
      attributes: keyValuesJson(event.attributes),
      droppedAttributesCount: event.droppedAttributesCount,
    })),
  );

test('compact events read back as the OTLP/JSON list, with absolute times', () => {
  const compact = compactEventsText(EVENTS, START);
  assert.ok(compact.length < v1Events(EVENTS).length);
  assert.equal(storedEventsJson(compact, START), v1Events(EVENTS));
  assert.equal(compactEventsFromOtlpJson(v1Events(EVENTS), START), compact);
  assert.equal(compactEventsText([], START), '[]');
});
