import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { createReaderPool } from './reader-pool.js';

/** Stand-ins for connections: only their identity matters to the pool. */
const fake = (n: number) => ({ n, closeSync() {} }) as unknown as DuckDBConnection;

test('a read has its connection to itself; past the size, reads wait their turn in order', async () => {
  let opened = 0;
  const pool = createReaderPool(async () => fake(opened++), 2);
  const inUse = new Set<DuckDBConnection>();
  const order: number[] = [];
  let most = 0;
  const read = (id: number, ms: number) =>
    pool.use(async (connection) => {
      assert.ok(!inUse.has(connection), 'a connection lent twice at once');
      inUse.add(connection);
      most = Math.max(most, inUse.size);
      order.push(id);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inUse.delete(connection);
      return id;
    });
  const results = await Promise.all([read(1, 30), read(2, 10), read(3, 1), read(4, 1)]);
  assert.deepEqual(results, [1, 2, 3, 4]);
  assert.equal(opened, 2);
  assert.equal(most, 2);
  assert.deepEqual(order, [1, 2, 3, 4]);
});

test('a read that throws gives its connection back', async () => {
  const pool = createReaderPool(async () => fake(0), 1);
  await assert.rejects(
    pool.use(async () => {
      throw new Error('the read failed');
    }),
    /the read failed/,
  );
  assert.equal(await pool.use(async () => 'next'), 'next');
});
