import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isStaleMarkerAt,
  type LabelMatcher,
  labelsToRecord,
  MemoryStorage,
  type StoredSeries,
} from '@otel-lab/promql';
import { sortedLabels } from '../../metrics/sample';
import { load, min } from './eval-test-support';
import { RuleOutputOverlay } from './rule-output-overlay';

const name = (value: string): LabelMatcher => ({ type: '=', name: '__name__', value });
const labels = (record: Record<string, string>) => sortedLabels(Object.entries(record));

/** A store with v{k="1"} and v{k="2"} at 0, 1 and 2 min, and an overlay over it. */
function overlaid() {
  const storage = new MemoryStorage();
  load(storage, { __name__: 'v', k: '1' }, [1, 2, 3]);
  load(storage, { __name__: 'v', k: '2' }, [10, 20, 30]);
  return new RuleOutputOverlay(storage);
}

/** Each series as `{labels}: t=v …`, sorted; a stale marker shows as `stale`. */
function show(series: readonly StoredSeries[]): string[] {
  return series
    .map((s) => {
      const points = Array.from(s.timestamps, (t, i) =>
        isStaleMarkerAt(s.values, i) ? `${t / 60_000}=stale` : `${t / 60_000}=${s.values[i]}`,
      );
      return `${JSON.stringify(labelsToRecord(s.labels))}: ${points.join(' ')}`;
    })
    .sort();
}

const cases: {
  name: string;
  held: [Record<string, string>, number, number | null][];
  matchers: LabelMatcher[];
  range: [number, number];
  expected: string[];
}[] = [
  {
    name: 'a held sample of a stored series comes after its stored samples',
    held: [[{ __name__: 'v', k: '1' }, min(3), 4]],
    matchers: [name('v'), { type: '=', name: 'k', value: '1' }],
    range: [min(1), min(3)],
    expected: ['{"__name__":"v","k":"1"}: 1=2 2=3 3=4'],
  },
  {
    name: 'a series only held is its own series, beside the stored ones',
    held: [[{ __name__: 'v', k: '3' }, min(3), 7]],
    matchers: [name('v')],
    range: [min(2), min(3)],
    expected: [
      '{"__name__":"v","k":"1"}: 2=3',
      '{"__name__":"v","k":"2"}: 2=30',
      '{"__name__":"v","k":"3"}: 3=7',
    ],
  },
  {
    name: 'a range that ends before the held sample leaves it out',
    held: [[{ __name__: 'v', k: '1' }, min(3), 4]],
    matchers: [name('v'), { type: '=', name: 'k', value: '1' }],
    range: [0, min(3) - 1],
    expected: ['{"__name__":"v","k":"1"}: 0=1 1=2 2=3'],
  },
  {
    name: 'a range that starts after the held sample leaves it out',
    held: [[{ __name__: 'w' }, min(3), 4]],
    matchers: [name('w')],
    range: [min(3) + 1, min(5)],
    expected: [],
  },
  {
    name: 'matchers on other labels pick held series, with regular expressions too',
    held: [
      [{ __name__: 'v', k: '3' }, min(3), 7],
      [{ __name__: 'w', k: '3' }, min(3), 8],
      [{ __name__: 'w', k: '4' }, min(3), 9],
    ],
    matchers: [
      { type: '=~', name: '__name__', value: 'v|w' },
      { type: '!=', name: 'k', value: '4' },
    ],
    range: [min(3), min(3)],
    expected: ['{"__name__":"v","k":"3"}: 3=7', '{"__name__":"w","k":"3"}: 3=8'],
  },
  {
    name: 'a matcher on a missing label matches the empty value',
    held: [
      [{ __name__: 'w' }, min(3), 1],
      [{ __name__: 'w', k: '1' }, min(3), 2],
    ],
    matchers: [name('w'), { type: '=', name: 'k', value: '' }],
    range: [min(3), min(3)],
    expected: ['{"__name__":"w"}: 3=1'],
  },
  {
    name: 'a stale marker is held as one, after the stored samples',
    held: [[{ __name__: 'v', k: '2' }, min(3), null]],
    matchers: [name('v'), { type: '=', name: 'k', value: '2' }],
    range: [min(2), min(3)],
    expected: ['{"__name__":"v","k":"2"}: 2=30 3=stale'],
  },
  {
    name: 'a series keeps its first sample; a later one for it is refused',
    held: [
      [{ __name__: 'w' }, min(3), 1],
      [{ __name__: 'w' }, min(3), 2],
    ],
    matchers: [name('w')],
    range: [0, min(3)],
    expected: ['{"__name__":"w"}: 3=1'],
  },
  {
    name: 'a sample takes the place of a stale marker, never the other way round',
    held: [
      [{ __name__: 'w', k: 'a' }, min(3), null],
      [{ __name__: 'w', k: 'a' }, min(3), 5],
      [{ __name__: 'w', k: 'b' }, min(3), 6],
      [{ __name__: 'w', k: 'b' }, min(3), null],
    ],
    matchers: [name('w')],
    range: [0, min(3)],
    expected: ['{"__name__":"w","k":"a"}: 3=5', '{"__name__":"w","k":"b"}: 3=6'],
  },
  {
    name: 'stored samples at or after the held one give way to it',
    held: [[{ __name__: 'v', k: '1' }, min(1), 9]],
    matchers: [name('v'), { type: '=', name: 'k', value: '1' }],
    range: [0, min(3)],
    expected: ['{"__name__":"v","k":"1"}: 0=1 1=9'],
  },
];

for (const c of cases) {
  test(`rule output overlay: ${c.name}`, async () => {
    const overlay = overlaid();
    for (const [record, t, value] of c.held) overlay.add(labels(record), t, value);
    assert.deepEqual(show(await overlay.select(c.matchers, ...c.range)), c.expected);
  });
}

test('rule output overlay: samples() gives each series once, stale markers with their bit pattern', () => {
  const overlay = overlaid();
  overlay.add(labels({ __name__: 'w', k: 'a' }), min(3), 5);
  overlay.add(labels({ __name__: 'w', k: 'b' }), min(3), null);
  overlay.add(labels({ __name__: 'w', k: 'a' }), min(3), null);
  const held = [...overlay.samples()];
  assert.deepEqual(
    held.map((s) => [s.labels.k, s.timeMs, s.stale]),
    [
      ['a', min(3), false],
      ['b', min(3), true],
    ],
  );
  assert.equal(held[0]?.values[0], 5);
  assert.ok(held[1] && isStaleMarkerAt(held[1].values, 0));
});

test('rule output overlay: with nothing held, the store answers as it is', async () => {
  const storage = new MemoryStorage();
  load(storage, { __name__: 'v' }, [1, 2]);
  const overlay = new RuleOutputOverlay(storage);
  const matchers = [name('v')];
  assert.deepEqual(await overlay.select(matchers, 0, min(1)), storage.select(matchers, 0, min(1)));
});
