import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelsFromRecord } from '@otel-lab/promql';
import { MemoryLogStorage } from './memory-storage';
import type { LogEntry, LogSelection } from './storage';

const s = 1_000_000_000n;
const entry = (
  t: number,
  app: string,
  line: string,
  extra: Record<string, string> = {},
): LogEntry => ({
  timestampNs: BigInt(t) * s,
  line,
  labels: labelsFromRecord({ app, ...extra }),
  metadata: [],
});

function storage(): MemoryLogStorage {
  const m = new MemoryLogStorage();
  m.add(
    entry(3, 'a', 'three'),
    entry(1, 'a', 'one'),
    entry(2, 'b', 'two', { env: 'prod' }),
    entry(4, 'c', 'four'),
  );
  return m;
}

async function lines(selection: Partial<LogSelection>): Promise<string[]> {
  const out: string[] = [];
  const full: LogSelection = {
    matchers: [],
    lineFilters: [],
    startNs: 0n,
    endNs: 10n * s,
    direction: 'forward',
    ...selection,
  };
  for await (const batch of storage().select(full)) out.push(...batch.map((e) => e.line));
  return out;
}

describe('MemoryLogStorage', () => {
  test('select: time order in either direction, half-open range, matchers, line filters', async () => {
    assert.deepEqual(await lines({}), ['one', 'two', 'three', 'four']);
    assert.deepEqual(await lines({ direction: 'backward' }), ['four', 'three', 'two', 'one']);
    assert.deepEqual(await lines({ startNs: 2n * s, endNs: 4n * s }), ['two', 'three']);
    assert.deepEqual(await lines({ matchers: [{ name: 'app', type: '=~', value: 'a|c' }] }), [
      'one',
      'three',
      'four',
    ]);
    assert.deepEqual(await lines({ matchers: [{ name: 'env', type: '!=', value: 'prod' }] }), [
      'one',
      'three',
      'four',
    ]);
    assert.deepEqual(await lines({ lineFilters: [{ op: '|~', values: ['^t'] }] }), [
      'two',
      'three',
    ]);
    assert.deepEqual(await lines({ lineFilters: [{ op: '!=', values: ['o', 'h'] }] }), []);
    assert.deepEqual(await lines({ lineFilters: [{ op: '|=', values: ['ne', 'ur'] }] }), [
      'one',
      'four',
    ]);
  });

  test('labelNames, labelValues and series over the streams with entries in the range', async () => {
    const m = storage();
    assert.deepEqual(await m.labelNames(0n, 10n * s), ['app', 'env']);
    assert.deepEqual(await m.labelNames(3n * s, 10n * s), ['app']);
    assert.deepEqual(await m.labelValues('app', 0n, 10n * s), ['a', 'b', 'c']);
    assert.deepEqual(
      await m.labelValues('app', 0n, 10n * s, [{ name: 'env', type: '=', value: 'prod' }]),
      ['b'],
    );
    assert.deepEqual(
      await m.series(
        [[{ name: 'app', type: '=', value: 'a' }], [{ name: 'app', type: '=', value: 'c' }]],
        0n,
        10n * s,
      ),
      [labelsFromRecord({ app: 'a' }), labelsFromRecord({ app: 'c' })],
    );
  });
});
