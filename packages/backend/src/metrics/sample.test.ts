import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isStaleAt,
  STALE_NAN_HIGH_WORD,
  STALE_NAN_LOW_WORD,
  seriesKey,
  sortedLabels,
  writeStaleAt,
} from './sample.js';
import { SampleBatchBuilder } from './sample-batch-builder.js';

test('a staleness marker is the exact StaleNaN bit pattern, told apart from NaN', () => {
  const values = new Float64Array(3);
  values[0] = Number.NaN;
  writeStaleAt(values, 1);
  const view = new DataView(values.buffer);
  assert.equal(view.getBigUint64(8, true), 0x7ff0000000000002n);
  assert.equal(
    (BigInt(STALE_NAN_HIGH_WORD) << 32n) | BigInt(STALE_NAN_LOW_WORD),
    0x7ff0000000000002n,
  );
  assert.ok(Number.isNaN(values[1]));
  assert.deepEqual(
    [0, 1, 2].map((i) => isStaleAt(values, i)),
    [false, true, false],
  );
  assert.ok(isStaleAt(values.subarray(1), 0), 'works on views with an offset');
});

test('a label named like an Object property is kept as a label', () => {
  const labels = sortedLabels([
    ['__proto__', 'p'],
    ['constructor', 'c'],
    ['__name__', 'up'],
  ]);
  assert.deepEqual(Object.keys(labels), ['__name__', '__proto__', 'constructor']);
  assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  assert.equal(JSON.stringify(labels), '{"__name__":"up","__proto__":"p","constructor":"c"}');
});

test('labels iterate in sorted order and key series unambiguously', () => {
  const labels = sortedLabels([
    ['job', 'a'],
    ['__name__', 'up'],
    ['Zeta', 'z'],
    ['instance', 'x'],
  ]);
  assert.deepEqual(Object.keys(labels), ['Zeta', '__name__', 'instance', 'job']);
  assert.notEqual(
    seriesKey(sortedLabels([['a', 'b\u0000c']])),
    seriesKey(
      sortedLabels([
        ['a', 'b'],
        ['c', ''],
      ]),
    ),
  );
  assert.equal(seriesKey(labels), seriesKey(sortedLabels(Object.entries(labels).reverse())));
});

test('the batch builder grows its columns and keeps each series on its slice', () => {
  const builder = new SampleBatchBuilder(1);
  for (let i = 0; i < 100; i++) builder.add({ __name__: `m${i}` }, 1000 + i, i);
  builder.addStale({ __name__: 'gone' }, 5000);
  builder.addMetadata({ metric: 'm', type: 'gauge', help: '', unit: '' });
  const batch = builder.build();
  assert.equal(batch.series.length, 101);
  assert.equal(batch.values.length, 101);
  assert.equal(batch.timestampsMs[42], 1042);
  assert.equal(batch.values[batch.series[42]?.first ?? -1], 42);
  assert.ok(isStaleAt(batch.values, 100));
  assert.equal(batch.metadata.length, 1);
});
