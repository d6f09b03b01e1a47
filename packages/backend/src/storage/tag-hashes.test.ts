import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchHashes, tagHash } from './tag-hashes.js';

test('tag hashes are what data directories already hold: the function never changes', () => {
  // Stored in every span's tag_hashes since schema version 9; a change would hide those spans
  // from tag searches.
  assert.equal(tagHash('http.route', '/api/orders'), 1424282316);
  assert.equal(tagHash('', ''), 91794203);
  assert.equal(tagHash('k', 'wörld'), 4069516065);
});

test('key and value are told apart: moving text between them changes the hash', () => {
  assert.notEqual(tagHash('ab', 'c'), tagHash('a', 'bc'));
});

test('a numeric search value is also looked up as JavaScript writes that number', () => {
  assert.deepEqual(searchHashes('k', '5.0'), [tagHash('k', '5.0'), tagHash('k', '5')]);
  assert.deepEqual(searchHashes('k', '1e21'), [tagHash('k', '1e21'), tagHash('k', '1e+21')]);
  assert.deepEqual(searchHashes('k', '5'), [tagHash('k', '5')]);
  assert.deepEqual(searchHashes('k', 'NaN'), [tagHash('k', 'NaN')]);
  assert.deepEqual(searchHashes('k', 'abc'), [tagHash('k', 'abc')]);
  assert.deepEqual(searchHashes('k', ' '), [tagHash('k', ' ')]);
});
