import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mediaTypeOf } from './media-type.js';

test('mediaTypeOf: lower case, parameters and spaces dropped', () => {
  const rows: [string | undefined, string][] = [
    ['application/json', 'application/json'],
    ['Application/JSON; charset=utf-8', 'application/json'],
    [' application/x-protobuf ;proto=x', 'application/x-protobuf'],
    ['application/x-protobufx', 'application/x-protobufx'],
    ['multipart/form-data; boundary=b', 'multipart/form-data'],
    ['', ''],
    [undefined, ''],
  ];
  for (const [header, type] of rows) assert.equal(mediaTypeOf(header), type, String(header));
});
