import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelsKey } from '@otel-lab/promql';
import { MemoryLogStorage } from '../memory-storage';
import type { BucketCount, BucketSelection } from '../storage';
import { evaluateInstantQuery, evaluateRangeQuery } from './metric-query';
import { at, metric, sampleStore } from './metric-test-data';

/** A storage that counts by reading its own entries: the engine's use of counts is what is tested. */
class CountingStorage extends MemoryLogStorage {
  asked: BucketSelection[] = [];
  async countBuckets(selection: BucketSelection): Promise<BucketCount[]> {
    this.asked.push(selection);
    const names = selection.projection?.metadata;
    const counts = new Map<string, BucketCount & { count: number }>();
    for await (const batch of this.select(selection)) {
      for (const e of batch) {
        const bucket = Number(
          (e.timestampNs - selection.originNs + selection.widthNs - 1n) / selection.widthNs,
        );
        const metadata =
          names === 'all' || names === undefined
            ? e.metadata
            : e.metadata.filter((l) => names.includes(l.name));
        const key = `${labelsKey(e.labels)}|${labelsKey(metadata)}|${bucket}`;
        const held = counts.get(key);
        if (held) held.count++;
        else counts.set(key, { labels: e.labels, metadata, bucket, count: 1 });
      }
    }
    return [...counts.values()];
  }
}

/** The metric tests' sample data, in a counting storage and a plain one. */
async function stores(): Promise<[CountingStorage, MemoryLogStorage]> {
  const counting = new CountingStorage();
  const plain = sampleStore();
  const all = { matchers: [], lineFilters: [], direction: 'forward' as const };
  for await (const batch of plain.select({ ...all, startNs: at(-1000), endNs: at(1000) })) {
    counting.add(...batch);
  }
  return [counting, plain];
}

test('count_over_time and rate from counts answer as from entries; other queries read entries', async () => {
  const [counting, plain] = await stores();
  assert.deepEqual(
    await counting.labelNames(at(0), at(100)),
    await plain.labelNames(at(0), at(100)),
  );
  const cases: [string, boolean][] = [
    ['sum by (app) (count_over_time({app=~".+"}[20s]))', true],
    ['sum(rate({app=~"a|b"}[30s]))', true],
    ['sum by (trace_id) (count_over_time({app="d"}[5s] offset 2s))', true],
    ['count_over_time({app="a"}[15s])', true],
    ['sum by (app) (count_over_time({app=~".+"} |= "info" [20s]))', false],
    ['sum by (app) (bytes_over_time({app=~".+"}[20s]))', false],
  ];
  for (const [query, counted] of cases) {
    for (const range of [
      { startNs: at(0), endNs: at(70), stepNs: 10_000_000_000n },
      { startNs: at(3), endNs: at(64), stepNs: 7_000_000_000n, alignToStep: false },
    ]) {
      counting.asked = [];
      const viaCounts = await evaluateRangeQuery(metric(query), counting, range);
      const viaEntries = await evaluateRangeQuery(metric(query), plain, range);
      assert.deepEqual(viaCounts.series, viaEntries.series, query);
      assert.ok(viaEntries.series.length > 0, `${query}: empty`);
      assert.equal(counting.asked.length > 0, counted, `${query}: counted`);
    }
    // The answers agree; the stats may not (counted entries' lines are not read).
    const instant = { timeNs: at(31) };
    const { stats: _a, ...viaCounts } = await evaluateInstantQuery(
      metric(query),
      counting,
      instant,
    );
    const { stats: _b, ...viaEntries } = await evaluateInstantQuery(metric(query), plain, instant);
    assert.deepEqual(viaCounts, viaEntries, `${query} instant`);
  }
});
