import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isStaleMarkerAt } from '@otel-lab/promql';
import { sortedLabels } from '../../metrics/sample.js';
import { SampleBatchBuilder } from '../../metrics/sample-batch-builder.js';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import type { LabelMatcher } from './label-matcher.js';
import { createSeriesSource, type SelectedSeries, type SeriesSource } from './series-source.js';

// A select the recent samples cover answers from memory; one without them reads the table. Both
// must give the same series, samples and stale markers.
let store: TelemetryStore;
let fromMemory: SeriesSource;
let fromTable: SeriesSource;
// Whole seconds a minute ago: well inside the recent window.
const base = Math.floor((Date.now() - 60_000) / 1000) * 1000;

const SERIES = [
  { __name__: 'req', job: 'api', code: '200' },
  { __name__: 'req', job: 'api', code: '500' },
  { __name__: 'req', job: 'web', code: '200' },
  { __name__: 'up', job: 'api' },
];

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'series-recent-')) });
  // The second batch brings earlier times and a repeated one; the last, a stale marker for req 1.
  for (const times of [
    [3000, 4000],
    [1000, 2000, 4000],
  ]) {
    const builder = new SampleBatchBuilder();
    SERIES.forEach((labels, s) => {
      for (const t of times)
        builder.add(sortedLabels(Object.entries(labels)), base + t, s * 10 + t / 1000);
    });
    await store.writeSamples(builder.build());
  }
  const stale = new SampleBatchBuilder();
  stale.addStale(sortedLabels(Object.entries(SERIES[1] as Record<string, string>)), base + 5000);
  await store.writeSamples(stale.build());
  fromMemory = createSeriesSource(store.reader, store.metrics.series, {
    recent: store.metrics.recent,
  });
  fromTable = createSeriesSource(store.reader, store.metrics.series);
});

after(() => store.close());

/** Each series as `{labels}: t=v …`, stale markers shown as `stale`. */
function show(selected: readonly SelectedSeries[]): string[] {
  return selected.map((s) => {
    const labels = Object.fromEntries(s.labels.map((l) => [l.name, l.value]));
    const points = Array.from(s.timestamps, (t, i) =>
      isStaleMarkerAt(s.values, i) ? `${t - base}=stale` : `${t - base}=${s.values[i]}`,
    );
    return `${JSON.stringify(labels)}: ${points.join(' ')}`;
  });
}

const m = (name: string, type: LabelMatcher['type'], value: string): LabelMatcher => ({
  name,
  type,
  value,
});

const CASES: { matchers: LabelMatcher[]; range: [number, number]; expected: string[] }[] = [
  {
    matchers: [m('__name__', '=', 'req'), m('code', '=', '500')],
    range: [0, 10_000],
    expected: [
      '{"__name__":"req","code":"500","job":"api"}: 1000=11 2000=12 3000=13 4000=14 5000=stale',
    ],
  },
  {
    matchers: [m('job', '=~', 'api|web')],
    range: [2000, 3000],
    expected: [
      '{"__name__":"req","code":"200","job":"api"}: 2000=2 3000=3',
      '{"__name__":"req","code":"500","job":"api"}: 2000=12 3000=13',
      '{"__name__":"req","code":"200","job":"web"}: 2000=22 3000=23',
      '{"__name__":"up","job":"api"}: 2000=32 3000=33',
    ],
  },
  {
    matchers: [m('__name__', '=', 'up')],
    range: [4001, 10_000],
    expected: [],
  },
  {
    matchers: [m('__name__', '=', 'missing')],
    range: [0, 10_000],
    expected: [],
  },
  {
    matchers: [m('__name__', '=', 'up')],
    range: [3000, 2000],
    expected: [],
  },
];

for (const { matchers, range, expected } of CASES) {
  const name = `${matchers.map((x) => `${x.name}${x.type}${x.value}`).join(',')} in ${range}`;
  test(`select from recent samples and from the table alike: ${name}`, async () => {
    const [minT, maxT] = [base + range[0], base + range[1]];
    assert.ok(store.metrics.recent.covers(minT));
    assert.deepEqual(show(await fromMemory.select(matchers, minT, maxT)), expected);
    assert.deepEqual(show(await fromTable.select(matchers, minT, maxT)), expected);
  });
}
