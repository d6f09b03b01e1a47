import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OtlpJsonValue } from '../storage/compact-attributes.js';
import { anyValueText } from './any-value-text.js';

test('values become text as Loki writes lines and label values (pcommon AsString)', () => {
  const cases: [string, OtlpJsonValue | undefined, string][] = [
    ['string as it is', { stringValue: 'GET /orders 200' }, 'GET /orders 200'],
    ['empty string', { stringValue: '' }, ''],
    ['bool', { boolValue: false }, 'false'],
    ['int', { intValue: '-9007199254740993' }, '-9007199254740993'],
    ['double', { doubleValue: 1.5 }, '1.5'],
    ['whole double', { doubleValue: 3 }, '3'],
    ['large double in exponent form', { doubleValue: 1e21 }, '1e+21'],
    ['small double in exponent form', { doubleValue: 1e-7 }, '1e-7'],
    ['NaN double', { doubleValue: 'NaN' }, 'NaN'],
    ['infinite double', { doubleValue: 'Infinity' }, 'Infinity'],
    ['negative infinite double', { doubleValue: '-Infinity' }, '-Infinity'],
    ['bytes in base64', { bytesValue: 'aGk=' }, 'aGk='],
    ['empty value', {}, ''],
    ['absent value', undefined, ''],
    [
      'map as Go JSON: keys sorted, HTML characters as they are, U+2028 escaped',
      {
        kvlistValue: {
          values: [
            { key: 'z', value: { intValue: '1' } },
            { key: 'a', value: { stringValue: '<b>&\u2028' } },
            { key: 'm', value: { arrayValue: { values: [{ boolValue: true }, {}] } } },
          ],
        },
      },
      '{"a":"<b>&\\u2028","m":[true,null],"z":1}',
    ],
    [
      'the last of duplicate keys',
      {
        kvlistValue: {
          values: [
            { key: 'k', value: { stringValue: 'first' } },
            { key: 'k', value: { stringValue: 'last' } },
          ],
        },
      },
      '{"k":"last"}',
    ],
    [
      'nested map with a double and bytes',
      {
        kvlistValue: {
          values: [
            {
              key: 'inner',
              value: { kvlistValue: { values: [{ key: 'd', value: { doubleValue: 0.25 } }] } },
            },
            { key: 'b', value: { bytesValue: 'AQI=' } },
          ],
        },
      },
      '{"b":"AQI=","inner":{"d":0.25}}',
    ],
    [
      'a NaN inside a map gives the empty text',
      { kvlistValue: { values: [{ key: 'x', value: { doubleValue: 'NaN' } }] } },
      '',
    ],
    [
      'list',
      { arrayValue: { values: [{ stringValue: 'a\nb' }, { intValue: '2' }] } },
      '["a\\nb",2]',
    ],
    [
      '__proto__ key stays a key',
      { kvlistValue: { values: [{ key: '__proto__', value: { intValue: '1' } }] } },
      '{"__proto__":1}',
    ],
  ];
  for (const [name, value, expected] of cases) assert.equal(anyValueText(value), expected, name);
});
