import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryLogStorage } from '../memory-storage';
import { evaluateInstantQuery } from './metric-query';
import { at, labelText, metric } from './metric-test-data';

// Stream labels with an empty value and a name the metadata repeats; metadata repeating a name.
const store = new MemoryLogStorage();
store.add(
  {
    timestampNs: at(1),
    line: 'one',
    labels: [
      { name: 'app', value: 'x' },
      { name: 'empty', value: '' },
      { name: 'level', value: 'info' },
    ],
    metadata: [
      { name: 'level', value: 'debug' },
      { name: 'trace_id', value: 't1' },
    ],
  },
  {
    timestampNs: at(2),
    line: 'two',
    labels: [{ name: 'app', value: 'x' }],
    metadata: [
      { name: 'level', value: 'warn' },
      { name: 'trace_id', value: 't2' },
    ],
  },
);

async function answer(query: string): Promise<[string, number][]> {
  const result = await evaluateInstantQuery(metric(query), store, { timeNs: at(10) });
  assert.equal(result.resultType, 'vector');
  return result.resultType === 'vector'
    ? result.samples.map((s) => [labelText(s.labels), s.value])
    : [];
}

// Only line filters: labels come straight from the entry. `| decolorize` forces the general path
// (the LabelsBuilder), which must agree.
const cases: [string, [string, number][]][] = [
  [
    'count_over_time({app="x"} |= "o" [1m])',
    [
      ['app=x,empty=,level=info,level_extracted=debug,trace_id=t1', 1],
      ['app=x,level=warn,trace_id=t2', 1],
    ],
  ],
  [
    'sum by (level, empty) (count_over_time({app="x"}[1m]))',
    [
      ['level=info', 1],
      ['level=warn', 1],
    ],
  ],
  [
    'sum without (trace_id, empty) (count_over_time({app="x"}[1m]))',
    [
      ['app=x,level=info,level_extracted=debug', 1],
      ['app=x,level=warn', 1],
    ],
  ],
  ['sum(count_over_time({app="x"}[1m]))', [['', 2]]],
];

for (const [query, want] of cases) {
  test(`${query}: labels from the entry, as the builder gives them`, async () => {
    assert.deepEqual(await answer(query), want);
    const general = query.replace('{app="x"}', '{app="x"} | decolorize');
    assert.deepEqual(await answer(general), want, general);
  });
}
