import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelsFromRecord } from '@otel-lab/promql';
import { harness, load, min } from './eval-test-support';

const chained = `
groups:
- name: chained
  labels: {team: lab, tier: group}
  rules:
  - record: job:requests:sum
    expr: sum by (job) (requests)
    labels: {tier: rule}
  - record: job:requests:double
    expr: job:requests:sum * 2
  - record: answer
    expr: 6 * 7
`;

test('recording rules run in order at one timestamp: a later rule reads an earlier one', async () => {
  const h = harness(chained);
  load(h.storage, { __name__: 'requests', job: 'a', i: '1' }, [1, 2]);
  load(h.storage, { __name__: 'requests', job: 'a', i: '2' }, [3, 4]);
  load(h.storage, { __name__: 'requests', job: 'b', i: '1' }, [5, 6]);
  await h.evaluate(min(1));
  // Group labels under rule labels (tier), on every rule's output; scalars get no series labels.
  assert.deepEqual(await h.read('{__name__=~"job:.*|answer"}', min(1)), [
    ['{"__name__":"answer","team":"lab","tier":"group"}', 42],
    ['{"__name__":"job:requests:double","job":"a","team":"lab","tier":"group"}', 12],
    ['{"__name__":"job:requests:double","job":"b","team":"lab","tier":"group"}', 12],
    ['{"__name__":"job:requests:sum","job":"a","team":"lab","tier":"rule"}', 6],
    ['{"__name__":"job:requests:sum","job":"b","team":"lab","tier":"rule"}', 6],
  ]);
  const status = h.evaluator.status();
  assert.deepEqual(
    status.rules.map((r) => [r.health, r.lastError]),
    [
      ['ok', ''],
      ['ok', ''],
      ['ok', ''],
    ],
  );
});

test('a series a rule stops returning gets a stale marker at the next evaluation', async () => {
  const h = harness(`
groups:
- name: g
  rules:
  - record: up:copy
    expr: up
`);
  load(h.storage, { __name__: 'up', job: 'a' }, [1, 1, 1, 1]);
  load(h.storage, { __name__: 'up', job: 'b' }, [1, 1]);
  await h.evaluate(min(1));
  assert.equal((await h.read('up:copy', min(1))).length, 2);
  // up{job="b"} goes away; without a marker up:copy{job="b"} would linger for the lookback.
  h.storage.appendStale(labelsFromRecord({ __name__: 'up', job: 'b' }), min(1) + 1);
  await h.evaluate(min(2));
  assert.deepEqual(await h.read('up:copy', min(2)), [['{"__name__":"up:copy","job":"a"}', 1]]);
  assert.deepEqual(await h.read('up:copy', min(3)), [['{"__name__":"up:copy","job":"a"}', 1]]);
});

const errorCases: { name: string; expr: string; labels?: string; limit?: number; error: string }[] =
  [
    {
      name: 'a string result',
      expr: '"text"',
      error: 'rule result is not a vector or scalar',
    },
    {
      name: 'two series with one labelset once the rule labels apply',
      expr: 'up',
      labels: '{job: same}',
      error: 'vector contains metrics with the same labelset after applying rule labels',
    },
    {
      name: 'more series than the group limit',
      expr: 'up',
      limit: 1,
      error: 'exceeded limit of 1 with 2 series',
    },
    {
      name: 'a query error',
      expr: 'up + on(instance) group_left up',
      error: 'found duplicate series for the match group',
    },
  ];

for (const c of errorCases) {
  test(`a recording rule fails on ${c.name}, and the next rule still runs`, async () => {
    const h = harness(`
groups:
- name: g
  limit: ${c.limit ?? 0}
  rules:
  - record: broken
    expr: '${c.expr}'
    labels: ${c.labels ?? '{}'}
  - record: fine
    expr: count(up)
`);
    load(h.storage, { __name__: 'up', job: 'a', instance: 'x' }, [1, 1]);
    load(h.storage, { __name__: 'up', job: 'b', instance: 'x' }, [1, 1]);
    await h.evaluate(min(1));
    const [broken, fine] = h.evaluator.status().rules;
    assert.equal(broken?.health, 'err');
    assert.ok(broken?.lastError.startsWith(c.error), broken?.lastError);
    assert.equal(fine?.health, 'ok');
    assert.deepEqual(await h.read('{__name__=~"broken|fine"}', min(1)), [
      ['{"__name__":"fine"}', 2],
    ]);
  });
}

test('query_offset: rules query and write at the evaluation time minus the offset', async () => {
  const h = harness(`
groups:
- name: g
  query_offset: 1m
  rules:
  - record: v:copy
    expr: v
`);
  load(h.storage, { __name__: 'v' }, [10, 20, 30]);
  await h.evaluate(min(2));
  const written = h.storage.select([{ type: '=', name: '__name__', value: 'v:copy' }], 0, min(5));
  assert.deepEqual(Array.from(written[0]?.timestamps ?? []), [min(1)]);
  assert.deepEqual(Array.from(written[0]?.values ?? []), [20]);
});

test('markStale writes stale markers for everything the group last wrote', async () => {
  const h = harness(`
groups:
- name: g
  rules:
  - record: v:copy
    expr: v
`);
  load(h.storage, { __name__: 'v', k: '1' }, [1, 1, 1, 1]);
  await h.evaluate(min(1));
  await h.evaluator.markStale(min(2));
  assert.deepEqual(await h.read('v:copy', min(2)), []);
  assert.deepEqual(await h.read('v:copy', min(1)), [['{"__name__":"v:copy","k":"1"}', 1]]);
});

test('status reports the group, and each rule its last evaluation', async () => {
  let wall = 5_000;
  const h = harness(chained, { now: () => wall });
  const before = h.evaluator.status();
  assert.equal(before.lastEvaluation, undefined);
  assert.deepEqual(
    before.rules.map((r) => r.health),
    ['unknown', 'unknown', 'unknown'],
  );
  wall = 7_000;
  await h.evaluate(min(1));
  const after = h.evaluator.status();
  assert.equal(after.lastEvaluation, 7_000);
  assert.equal(after.intervalMs, min(1));
  assert.deepEqual(after.labels, { team: 'lab', tier: 'group' });
  assert.ok(after.evaluationTimeMs >= 0);
  assert.deepEqual(
    after.rules.map((r) => r.lastEvaluation),
    [7_000, 7_000, 7_000],
  );
});
