import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ValueType } from './ast';
import { instantQuery, rangeQuery } from './engine';
import { PromqlError } from './errors';
import { labelsFromRecord } from './labels';
import { MemoryStorage } from './memory-storage';
import { functionSignatures } from './parse/function-signatures';

// Random well-typed queries over a small data set: every failure must be a PromqlError, and an
// instant query must agree with a range query at the same time (as promqltest's re-runs demand).

const storage = new MemoryStorage();
for (let s = 0; s < 6; s++) {
  const labels = labelsFromRecord({
    __name__: `m${s % 2}`,
    a: `x${s % 3}`,
    le: ['0.1', '1', '+Inf'][s % 3] as string,
  });
  for (let i = 0; i < 40; i++) {
    if (i === 20 && s === 1) storage.appendStale(labels, i * 15_000);
    else storage.append(labels, i * 15_000, s * i + (i % 7 === 0 ? -3 : 0));
  }
}

let seed = 42;
function pick<T>(items: readonly T[]): T {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return items[seed % items.length] as T;
}

const selectors = ['m0', 'm1', '{a="x1"}', '{__name__=~"m.*"}', 'm0{a!="x0"}', 'nope'];
const vectorFunctions = [...functionSignatures.values()].filter(
  (f) => f.returnType === 'vector' && f.name !== 'info' && f.name !== 'histogram_quantiles',
);

function generate(type: ValueType, depth: number): string {
  if (type === 'string') return pick(['"a"', '"le"', '"x"', '"(.*)"', '"$1"']);
  if (type === 'matrix') {
    if (depth > 2 || pick([true, false])) return `${pick(selectors)}[${pick(['1m', '5m', '30s'])}]`;
    return `(${generate('vector', depth + 1)})[${pick(['2m', '5m'])}:${pick(['', '30s'])}]`;
  }
  if (type === 'scalar') {
    if (depth > 2) return pick(['1', '0', '-2.5', 'NaN', 'Inf', '0.5']);
    return pick([
      () => pick(['1', '0', '-2.5', 'NaN', '0.5', '3']),
      () => `scalar(${generate('vector', depth + 1)})`,
      () =>
        `(${generate('scalar', depth + 1)} ${pick(['+', '-', '*', '/', '%', '^'])} ${generate('scalar', depth + 1)})`,
      () => 'time()',
    ])();
  }
  if (depth > 2) return pick(selectors);
  return pick([
    () => `${pick(selectors)}${pick(['', ' offset 1m', ' @ 100'])}`,
    () => {
      const op = pick([
        'sum',
        'avg',
        'min',
        'max',
        'count',
        'stddev',
        'group',
        'topk',
        'bottomk',
        'quantile',
        'limitk',
      ]);
      const param = ['topk', 'bottomk', 'quantile', 'limitk'].includes(op)
        ? `${generate('scalar', depth + 1)}, `
        : '';
      return `${op}${pick(['', ' by (a)', ' without (le)'])}(${param}${generate('vector', depth + 1)})`;
    },
    () => {
      const f = pick(vectorFunctions);
      const args = f.argTypes.map((t) => generate(t, depth + 1));
      return `${f.name}(${args.join(', ')})`;
    },
    () => {
      const op = pick(['+', '-', '*', '/', '==', '>', '> bool', 'and', 'or', 'unless']);
      const matching = ['and', 'or', 'unless'].includes(op)
        ? ''
        : pick(['', ' on(a)', ' ignoring(le)']);
      return `(${generate('vector', depth + 1)} ${op}${matching} ${generate('vector', depth + 1)})`;
    },
    () => `-${generate('vector', depth + 1)}`,
  ])();
}

test('random queries fail only with PromqlError, and instant results equal range results', async () => {
  let compared = 0;
  for (let i = 0; i < 400; i++) {
    const query = generate('vector', 0);
    let instant: Awaited<ReturnType<typeof instantQuery>>;
    let ranged: Awaited<ReturnType<typeof rangeQuery>>;
    try {
      instant = await instantQuery(storage, query, 300_000);
      ranged = await rangeQuery(storage, query, 0, 600_000, 30_000);
    } catch (error) {
      assert.ok(error instanceof PromqlError, `${query}: ${error}`);
      continue;
    }
    assert.equal(instant.resultType, 'vector', query);
    assert.equal(ranged.resultType, 'matrix', query);
    if (instant.resultType !== 'vector' || ranged.resultType !== 'matrix') continue;
    const atTime = new Map<string, number>();
    for (const s of ranged.result) {
      const k = s.timestamps.indexOf(300_000);
      if (k >= 0) atTime.set(JSON.stringify(s.metric), s.values[k] as number);
    }
    assert.equal(instant.result.length, atTime.size, query);
    for (const s of instant.result) {
      const v = atTime.get(JSON.stringify(s.metric));
      assert.ok(
        v !== undefined,
        `${query}: ${JSON.stringify(s.metric)} missing in the range result`,
      );
      assert.ok(
        Object.is(v, s.v) || Math.abs(v - s.v) <= 1e-9 * Math.abs(s.v),
        `${query}: ${s.v} vs ${v}`,
      );
    }
    compared++;
  }
  assert.ok(compared > 100, `only ${compared} queries evaluated`);
});
