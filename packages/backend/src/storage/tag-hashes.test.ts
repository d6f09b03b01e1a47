import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchHashes, tagHash } from './tag-hashes.js';

test('tag hashes are what data directories already hold: the function never changes', () => {
  // Stored in every span's tag_hashes since schema version 9; a change would hide those spans
  // from tag searches.
  assert.equal(tagHash('http.route', '/api/orders'), 3002788290);
  assert.equal(tagHash('', ''), 414626237);
  assert.equal(tagHash('k', 'wörld'), 2414857002);
});

test('key and value are told apart: moving text between them changes the hash', () => {
  assert.notEqual(tagHash('ab', 'c'), tagHash('a', 'bc'));
  assert.notEqual(tagHash('abc', ''), tagHash('ab', 'c'));
  // Odd and even lengths (characters are hashed two at a time).
  assert.notEqual(tagHash('k', 'ab'), tagHash('k', 'ba'));
  assert.notEqual(tagHash('k', 'abc'), tagHash('k', 'abd'));
});

test('a hash is the same after the key cache has filled and been cleared', () => {
  const before = tagHash('service.name', 'shop');
  for (let i = 0; i < 25_000; i++) tagHash(`key-${i}`, 'v');
  assert.equal(tagHash('service.name', 'shop'), before);
});

test('a numeric search value is also looked up as JavaScript writes that number', () => {
  assert.deepEqual(searchHashes('k', '5.0'), [tagHash('k', '5.0'), tagHash('k', '5')]);
  assert.deepEqual(searchHashes('k', '1e21'), [tagHash('k', '1e21'), tagHash('k', '1e+21')]);
  assert.deepEqual(searchHashes('k', '5'), [tagHash('k', '5')]);
  assert.deepEqual(searchHashes('k', 'NaN'), [tagHash('k', 'NaN')]);
  assert.deepEqual(searchHashes('k', 'abc'), [tagHash('k', 'abc')]);
  assert.deepEqual(searchHashes('k', ' '), [tagHash('k', ' ')]);
});
