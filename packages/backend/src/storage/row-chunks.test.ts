import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupBySeries, groupSelection, RowChunkWriter } from './row-chunks.js';

const STALE = [0x00000002, 0x7ff00000];

/** A value's two 32-bit words. */
function words(value: number): Uint32Array {
  return new Uint32Array(new Float64Array([value]).buffer);
}

test('rows written one by one come back grouped by series, times and value bits exact', () => {
  const writer = new RowChunkWriter();
  const rows: [number, number, Uint32Array][] = [
    [7, 1_700_000_000_123, words(1.5)],
    [3, -86_400_000, words(-0)],
    [7, 1_700_000_015_123, new Uint32Array(STALE)],
    [3, 0, words(Number.MAX_VALUE)],
    [9, 2 ** 52, words(42)],
  ];
  for (const [id, t, value] of rows) writer.addRow(id, t, value, 0);
  const series = [3, 7, 8, 9].map((id) => ({ id, labels: `s${id}` }));
  const grouped = groupSelection(series, writer.chunks);
  assert.deepEqual(
    grouped.map((s) => [s.labels, [...s.timestamps]]),
    [
      ['s3', [-86_400_000, 0]],
      ['s7', [1_700_000_000_123, 1_700_000_015_123]],
      ['s9', [2 ** 52]],
    ],
  );
  const bits = (values: Float64Array, i: number) => [
    ...new Uint32Array(values.buffer, values.byteOffset + i * 8, 2),
  ];
  assert.deepEqual(bits(grouped[1]?.values as Float64Array, 1), STALE);
  assert.ok(Object.is(grouped[0]?.values[0], -0));
});

test('bytes added past a block fill the next; every row is kept in order', () => {
  const writer = new RowChunkWriter();
  const total = 150_000;
  const ids = new Uint32Array(total);
  const times = new BigInt64Array(total);
  const values = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    ids[i] = i % 3;
    times[i] = BigInt(i * 1000);
    values[i] = i / 2;
  }
  const bytes = (array: ArrayBufferView, from: number, to: number, width: number) =>
    new Uint8Array(array.buffer, from * width, (to - from) * width);
  for (let from = 0; from < total; from += 2048) {
    const to = Math.min(total, from + 2048);
    writer.addBytes(
      bytes(ids, from, to, 4),
      bytes(times, from, to, 8),
      bytes(values, from, to, 8),
      to - from,
    );
  }
  assert.ok(writer.chunks.length > 2);
  assert.equal(
    writer.chunks.reduce((n, c) => n + c.length, 0),
    total,
  );
  const grouped = groupSelection(
    [0, 1, 2].map((id) => ({ id, labels: id })),
    writer.chunks,
  );
  for (const s of grouped) {
    assert.equal(s.timestamps.length, total / 3);
    s.timestamps.forEach((t, k) => {
      const i = 3 * k + s.labels;
      assert.equal(t, i * 1000);
      assert.equal(s.values[k], i / 2);
    });
  }
});

test('grouping keeps every row of the selected series in read order, runs long and short', () => {
  // Runs of 1 to 40 rows of a series (a backfill's are long, live data's interleaved), ids
  // outside the selection, and a sparse id set (the Map lookup) alike.
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (const idSpace of [50, 5_000_000]) {
    const writer = new RowChunkWriter();
    const sent: [number, number, number, number][] = [];
    for (let run = 0; run < 3000; run++) {
      const id = 1 + Math.floor(random() * 50) * Math.floor(idSpace / 50);
      const length = 1 + Math.floor(random() * 40);
      for (let k = 0; k < length; k++) {
        const t = 1_700_000_000_000 + sent.length;
        // A NaN payload: the bits must move untouched.
        const bits = new Uint32Array([sent.length, 0x7ff00000 | (k % 2)]);
        writer.addRow(id, t, bits, 0);
        sent.push([id, t, bits[0] as number, bits[1] as number]);
      }
    }
    const ids = [...new Set(sent.map(([id]) => id))]
      .sort((a, b) => a - b)
      .filter((_, i) => i % 3 !== 1);
    const grouped = groupBySeries(writer.chunks, ids);
    const words = new Uint32Array(grouped.values.buffer);
    ids.forEach((id, slot) => {
      const expected = sent.filter(([rowId]) => rowId === id);
      const start = grouped.offsets[slot] as number;
      assert.equal((grouped.offsets[slot + 1] as number) - start, expected.length);
      expected.forEach(([, t, low, high], k) => {
        assert.equal(grouped.times[start + k], t);
        assert.equal(words[2 * (start + k)], low);
        assert.equal(words[2 * (start + k) + 1], high);
      });
    });
  }
});
