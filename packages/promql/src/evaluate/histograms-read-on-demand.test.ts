import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instantQuery, rangeQuery } from '../engine';
import type { FloatHistogram } from '../histogram/float-histogram';
import { histogramSampleSize } from '../histogram/sample-size';
import { fh } from '../histogram/test-fixture';
import type { Storage, StoredSeries } from '../storage';

const MINUTE = 60_000;

/**
 * Series whose histograms are made on read (as the backend decodes them), reads counted; `log`
 * records each read and the first use of a series' histograms, in order.
 */
function countingStorage(series: number, withSize: boolean, bound = Number.POSITIVE_INFINITY) {
  const reads = new Map<string, number>();
  const log: string[] = [];
  let exactReads = 0;
  const stored: StoredSeries[] = Array.from({ length: series }, (_, s) => {
    const id = `s${s}`;
    const timestamps = Array.from({ length: 30 }, (_, i) => i * 15_000);
    const values = (): FloatHistogram[] =>
      timestamps.map((_, i) =>
        fh({
          counterResetHint: i === 0 ? 'unknown' : 'not-reset',
          count: 2 * i,
          sum: i,
          positiveSpans: [{ offset: 0, length: 2 }],
          positiveBuckets: [i, i],
        }),
      );
    const size = values().reduce((n, h) => n + histogramSampleSize(h), 0);
    return {
      labels: [
        { name: '__name__', value: 'lat' },
        { name: 'id', value: id },
      ],
      timestamps: new Float64Array(0),
      values: new Float64Array(0),
      histograms: {
        timestamps,
        get values() {
          reads.set(id, (reads.get(id) ?? 0) + 1);
          log.push(`read ${id}`);
          const made = values();
          for (const h of made) {
            const count = h.count;
            Object.defineProperty(h, 'count', {
              get: () => {
                if (log.at(-1) !== `use ${id}`) log.push(`use ${id}`);
                return count;
              },
              enumerable: true,
            });
          }
          return made;
        },
        get sampleSize() {
          if (!withSize) return undefined;
          exactReads++;
          return size;
        },
        sampleSizeAtMost: withSize ? Math.max(size, bound) : undefined,
      },
    };
  });
  const storage: Storage = { select: () => stored };
  return { storage, reads, log, exactReads: () => exactReads };
}

test('a range function reads each series’ histograms once, when it evaluates the series', async () => {
  const { storage, reads, log } = countingStorage(3, true);
  const result = await rangeQuery(
    storage,
    'histogram_quantile(0.5, sum by (id) (rate(lat[2m])))',
    2 * MINUTE,
    7 * MINUTE,
    MINUTE,
  );
  assert.equal(result.resultType, 'matrix');
  assert.equal(result.result.length, 3);
  assert.deepEqual([...reads.values()], [1, 1, 1]);
  // Not all read up front: a series is read, then used, before the next one is read.
  assert.deepEqual(log, ['read s0', 'use s0', 'read s1', 'use s1', 'read s2', 'use s2']);
});

test('read step by step (a plain selector), histograms are made twice at most', async () => {
  const { storage, reads } = countingStorage(2, true);
  await rangeQuery(storage, 'sum(lat)', 0, 7 * MINUTE, 15_000);
  for (const n of reads.values()) assert.ok(n <= 2, `${n} reads`);
});

test('the samples limit uses the storage’s size without reading the histograms', async () => {
  const { storage, reads } = countingStorage(2, true);
  await assert.rejects(
    instantQuery(storage, 'lat', 7 * MINUTE, { maxSamples: 10 }),
    /too many samples/,
  );
  assert.equal(reads.size, 0);
  // Without a size the engine adds up the histograms' own sizes, to the same refusal.
  const sizeless = countingStorage(2, false);
  await assert.rejects(
    instantQuery(sizeless.storage, 'lat', 7 * MINUTE, { maxSamples: 10 }),
    /too many samples/,
  );
});

test('the exact size is asked for only when the cheap bounds pass the limit', async () => {
  // Each series' exact size is 30 histograms of 12 (see histogramSampleSize): 360.
  const tight = countingStorage(2, true, 10_000);
  await instantQuery(tight.storage, 'lat', 7 * MINUTE, { maxSamples: 1000 });
  assert.equal(tight.exactReads(), 2);
  const roomy = countingStorage(2, true, 400);
  await instantQuery(roomy.storage, 'lat', 7 * MINUTE, { maxSamples: 1000 });
  assert.equal(roomy.exactReads(), 0);
  await assert.rejects(
    instantQuery(roomy.storage, 'lat', 7 * MINUTE, { maxSamples: 700 }),
    /too many samples/,
  );
});
