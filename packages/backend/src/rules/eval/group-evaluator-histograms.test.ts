import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type FloatHistogram,
  instantQuery,
  labelsFromRecord,
  MemoryStorage,
} from '@otel-lab/promql';
import type { SampleBatch } from '../../metrics/sample';
import { groupFromYaml, min } from './eval-test-support';
import { createGroupEvaluator } from './group-evaluator';
import { memorySampleSink } from './memory-sample-sink';

const group = groupFromYaml(`
groups:
- name: latency
  rules:
  - record: job:latency_seconds:sum
    expr: sum by (job) (latency_seconds)
  - record: job:latency_seconds:count
    expr: histogram_count(job:latency_seconds:sum)
  - alert: Busy
    expr: job:latency_seconds:sum
`);

const histogram = (count: number): FloatHistogram => ({
  counterResetHint: 'unknown',
  schema: 0,
  zeroThreshold: 0,
  zeroCount: 0,
  count,
  sum: count,
  positiveSpans: [{ offset: 0, length: 1 }],
  positiveBuckets: [count],
  negativeSpans: [],
  negativeBuckets: [],
});

test('a recording rule over native histograms records histograms, which later rules read', async () => {
  const storage = new MemoryStorage();
  for (const pod of ['a', 'b'])
    storage.appendHistogram(
      labelsFromRecord({ __name__: 'latency_seconds', job: 'shop', pod }),
      min(1) - 10_000,
      histogram(pod === 'a' ? 3 : 4),
    );
  const batches: SampleBatch[] = [];
  const inner = memorySampleSink(storage);
  const sink = {
    async append(batch: SampleBatch) {
      batches.push(batch);
      await inner.append(batch);
    },
  };
  const evaluator = createGroupEvaluator(group, { storage, sink, defaultIntervalMs: min(1) });
  await evaluator.evaluate(min(1));
  const [batch] = batches;
  const recorded = batch?.series.find((s) => s.labels.__name__ === 'job:latency_seconds:sum');
  assert.equal(recorded?.count, 0, 'no float sample for it');
  assert.equal(recorded?.histograms?.values[0]?.count, 7);
  // The next rule of the group read the histogram the first one wrote.
  const count = batch?.series.find((s) => s.labels.__name__ === 'job:latency_seconds:count');
  assert.equal(batch?.values[count?.first ?? -1], 7);
  // An alert over a histogram has the value 0, as in Prometheus.
  const alert = evaluator.status().rules.find((r) => 'alert' in r.rule && r.rule.alert === 'Busy');
  assert.equal(alert?.alerts?.[0]?.value, 0);
  // Stored: a query finds the recorded histogram.
  const stored = await instantQuery(storage, 'job:latency_seconds:sum', min(1) + 1);
  assert.ok(stored.resultType === 'vector');
  assert.equal(stored.result[0]?.h?.count, 7);
});
