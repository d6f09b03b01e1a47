import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xxhash64 } from './xxhash64';

test('XXH64 matches the reference values', () => {
  const rows: [string, string][] = [
    ['', 'ef46db3751d8e999'],
    ['a', 'd24ec4f1a98c6e5b'],
    ['abc', '44bc2cf5ad770999'],
    // Longer than 32 bytes: the four-lane path.
    ['Nobody inspects the spammish repetition', 'fbcea83c8a378bf1'],
  ];
  for (const [input, hex] of rows)
    assert.equal(xxhash64(new TextEncoder().encode(input)).toString(16), hex);
});
