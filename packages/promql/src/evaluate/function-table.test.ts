import assert from 'node:assert/strict';
import { test } from 'node:test';
import { functionSignatures } from '../parse/function-signatures';
import { instantFunctions } from './instant-functions';
import { rangeFunctions } from './range-functions';

// Functions the evaluator implements itself, outside the two tables.
const special = new Set([
  'absent',
  'absent_over_time',
  'info',
  'label_replace',
  'label_join',
  'sort_by_label',
  'sort_by_label_desc',
  'start',
  'end',
  'step',
  'range',
  'min_of',
  'max_of',
]);

test('every function in the signature table has exactly one implementation', () => {
  for (const [name, sig] of functionSignatures) {
    const takesRange = sig.argTypes.includes('matrix');
    const implementations = [
      takesRange && name in rangeFunctions,
      !takesRange && name in instantFunctions,
      special.has(name),
    ].filter(Boolean).length;
    assert.equal(implementations, 1, `${name} has ${implementations} implementations`);
  }
});

test('no implementation lacks a signature', () => {
  for (const name of [
    ...Object.keys(rangeFunctions),
    ...Object.keys(instantFunctions),
    ...special,
  ]) {
    assert.ok(functionSignatures.has(name), `${name} has no signature`);
  }
});
