import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasMalformedEscape } from './percent-encoding.js';

test('malformed escapes: a % without two hex digits, or escapes that are not UTF-8', () => {
  const rows: [string, boolean][] = [
    ['', false],
    ['query=up', false],
    ['query=%7Bjob%3D%22a%22%7D', false],
    ['a=%C3%A9', false],
    ['a=b+c', false],
    ['a=%', true],
    ['a=%2', true],
    ['a=%zz', true],
    ['a=%E0', true],
    ['a=%ED%A0%80', true],
    ['a=%C3%A9%', true],
  ];
  for (const [text, malformed] of rows) assert.equal(hasMalformedEscape(text), malformed, text);
});
