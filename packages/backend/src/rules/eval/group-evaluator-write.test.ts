import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelsFromRecord, MemoryStorage } from '@otel-lab/promql';
import { isStaleAt, type SampleBatch } from '../../metrics/sample';
import { groupFromYaml, load, min } from './eval-test-support';
import { createGroupEvaluator } from './group-evaluator';
import { memorySampleSink } from './memory-sample-sink';

const group = groupFromYaml(`
groups:
- name: g
  rules:
  - record: up:copy
    expr: up
  - record: up:count
    expr: count(up:copy)
  - alert: Down
    expr: up:copy == 0
  - record: nothing
    expr: absent_series_here
`);

/** The group over a MemoryStorage, through a sink that records each batch and can fail. */
function recorded() {
  const storage = new MemoryStorage();
  const inner = memorySampleSink(storage);
  const batches: SampleBatch[] = [];
  const sink = {
    failWith: undefined as string | undefined,
    async append(batch: SampleBatch) {
      if (sink.failWith !== undefined) throw new Error(sink.failWith);
      batches.push(batch);
      await inner.append(batch);
    },
  };
  const evaluator = createGroupEvaluator(group, { storage, sink, defaultIntervalMs: min(1) });
  return { storage, sink, batches, evaluator };
}

/** A batch's series as `name{job}` or `name{job} stale`, sorted. */
function contents(batch: SampleBatch | undefined): string[] {
  return (batch?.series ?? [])
    .map((s) => {
      const text = `${s.labels.__name__}{${s.labels.job ?? ''}}`;
      return isStaleAt(batch?.values as Float64Array, s.first) ? `${text} stale` : text;
    })
    .sort();
}

test("one evaluation writes every rule's output in one batch, later rules reading earlier ones", async () => {
  const h = recorded();
  load(h.storage, { __name__: 'up', job: 'a' }, [1, 1, 1]);
  load(h.storage, { __name__: 'up', job: 'b' }, [0, 0]);
  await h.evaluator.evaluate(min(1));
  assert.equal(h.batches.length, 1);
  assert.deepEqual(contents(h.batches[0]), [
    'ALERTS_FOR_STATE{b}',
    'ALERTS{b}',
    'up:copy{a}',
    'up:copy{b}',
    'up:count{}',
  ]);
  // up:count counted the two up:copy series written before it in the same evaluation.
  const count = h.batches[0]?.series.find((s) => s.labels.__name__ === 'up:count');
  assert.equal(h.batches[0]?.values[count?.first ?? -1], 2);
  // up{job="b"} ends: its copy and its alert go stale, in the evaluation's one batch.
  h.storage.appendStale(labelsFromRecord({ __name__: 'up', job: 'b' }), min(1) + 1);
  await h.evaluator.evaluate(min(2));
  assert.equal(h.batches.length, 2);
  assert.deepEqual(contents(h.batches[1]), [
    'ALERTS_FOR_STATE{b} stale',
    'ALERTS{b} stale',
    'up:copy{a}',
    'up:copy{b} stale',
    'up:count{}',
  ]);
});

test('a failed write fails the rules with output in it, and their old series go stale later', async () => {
  const h = recorded();
  load(h.storage, { __name__: 'up', job: 'a' }, [1, 1, 1, 1]);
  load(h.storage, { __name__: 'up', job: 'b' }, [1, 1]);
  await h.evaluator.evaluate(min(1));
  h.sink.failWith = 'disk full';
  h.storage.appendStale(labelsFromRecord({ __name__: 'up', job: 'b' }), min(1) + 1);
  const summary = await h.evaluator.evaluate(min(2));
  assert.deepEqual(
    h.evaluator.status().rules.map((r) => [r.health, r.lastError]),
    [
      ['err', 'disk full'],
      ['err', 'disk full'],
      // Neither the alert nor `nothing` had anything to write.
      ['ok', ''],
      ['ok', ''],
    ],
  );
  assert.deepEqual(summary, { rules: 4, failures: 2 });
  // The store takes writes again: up:copy{job="b"}, last stored at 1m, gets its stale marker.
  h.sink.failWith = undefined;
  await h.evaluator.evaluate(min(3));
  assert.deepEqual(contents(h.batches[1]), ['up:copy{a}', 'up:copy{b} stale', 'up:count{}']);
  assert.deepEqual(
    h.evaluator.status().rules.map((r) => r.health),
    ['ok', 'ok', 'ok', 'ok'],
  );
});
