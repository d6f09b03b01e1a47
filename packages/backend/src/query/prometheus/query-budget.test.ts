import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PromqlError } from '@otel-lab/promql';
import { QueryBudget } from './query-budget.js';

const FAR = Date.now() + 60_000;

test('a budget lets rows through until the limit, then refuses with an execution error', () => {
  const rows: [number[], number, string | undefined][] = [
    [[10, 20, 30], 60, undefined],
    [[2048, 2048], 4096, undefined],
    [[2048, 2048, 1], 4096, 'execution'],
    [[61], 60, 'execution'],
  ];
  for (const [takes, limit, refused] of rows) {
    const budget = new QueryBudget(limit, FAR);
    let error: unknown;
    try {
      for (const n of takes) budget.take(n);
    } catch (caught) {
      error = caught;
    }
    assert.equal(error instanceof PromqlError ? error.type : undefined, refused, `${takes}`);
    if (refused) {
      assert.equal(
        (error as Error).message,
        'query processing would load too many samples into memory in query execution',
      );
    }
  }
});

test('past its deadline a budget refuses with a timeout; once ended, with the reason it ended', () => {
  assert.throws(() => new QueryBudget(100, Date.now() - 1).take(1), {
    name: 'PromqlError',
    type: 'timeout',
    message: 'query timed out in expression evaluation',
  });
  const budget = new QueryBudget(100, FAR);
  budget.take(1);
  const first = new PromqlError('execution', 'a sibling select failed');
  budget.end(first);
  budget.end(new Error('later reasons do not replace the first'));
  assert.throws(
    () => budget.take(1),
    (error) => error === first,
  );
});
