import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { readBlobs } from './blob-runs.js';

/** Rows 0…n-1 with blobs of every size class: empty, inline (≤ 12 bytes), just over, long. */
function blobs(n: number): Uint8Array[] {
  const sizes = [0, 1, 12, 13, 40, 150, 3000];
  return Array.from({ length: n }, (_, row) => {
    const bytes = new Uint8Array(sizes[row % sizes.length] as number);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (row * 31 + i * 7) % 256;
    return bytes;
  });
}

function assertSame(read: Uint8Array[], written: Uint8Array[]) {
  assert.equal(read.length, written.length);
  written.forEach((bytes, row) => {
    assert.ok(Buffer.from(bytes).equals(read[row] ?? new Uint8Array(1)), `row ${row}`);
  });
}

async function readBack(sql: string, n: number): Promise<Uint8Array[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run('CREATE TABLE t (row INTEGER, b BLOB NOT NULL)');
    const appender = await connection.createAppender('t');
    blobs(n).forEach((bytes, row) => {
      appender.appendInteger(row);
      appender.appendBlob(bytes);
      appender.endRow();
    });
    appender.closeSync();
    const result = await connection.stream(sql);
    const read: Uint8Array[] = [];
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const rows = chunk.getColumnValues(0).map(Number);
      const runs: Uint8Array[] = [];
      const lengths: [number, number][] = [];
      readBlobs(chunk.chunk, 1, chunk.rowCount, {
        bytes: (run) => runs.push(Uint8Array.from(run)),
        row: (i, length) => lengths.push([i, length]),
      });
      const all = Buffer.concat(runs);
      let at = 0;
      for (const [i, length] of lengths) {
        read[rows[i] as number] = all.subarray(at, at + length);
        at += length;
      }
      assert.equal(at, all.length, 'every byte belongs to a row');
    }
    return read;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

test('every blob of a chunk comes back whole, in several chunks', async () => {
  const n = 5000; // more than two 2,048-row chunks
  assertSame(await readBack('SELECT row, b FROM t', n), blobs(n));
});

test('blobs out of storage order (runs broken at every row) come back whole', async () => {
  const n = 3000;
  // Reversed and interleaved: adjacent rows of the result are not adjacent in memory.
  const sql = 'SELECT row, b FROM t ORDER BY row % 7, row DESC';
  assertSame(await readBack(sql, n), blobs(n));
});
