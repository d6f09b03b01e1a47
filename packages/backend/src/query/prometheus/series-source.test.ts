import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sortedLabels } from '../../metrics/sample.js';
import { SampleBatchBuilder } from '../../metrics/sample-batch-builder.js';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { type LabelMatcher, MatcherError } from './label-matcher.js';
import { createSeriesSource, type SeriesSource } from './series-source.js';

let store: TelemetryStore;
let source: SeriesSource;

const SERIES: Record<string, string>[] = [
  { __name__: 'http_requests_total', job: 'api', code: '200' },
  { __name__: 'http_requests_total', job: 'api', code: '500' },
  { __name__: 'http_requests_total', job: 'web', code: '200', path: '/a\nb' },
  { __name__: 'up', job: 'api' },
];

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'series-source-')) });
  // Two batches, the second with earlier times and a repeated time: reads sort and dedupe.
  for (const times of [
    [3000, 4000],
    [1000, 2000, 4000],
  ]) {
    const builder = new SampleBatchBuilder();
    SERIES.forEach((labels, s) => {
      for (const t of times)
        builder.add(sortedLabels(Object.entries(labels)), t, s * 10 + t / 1000);
    });
    await store.writeSamples(builder.build());
  }
  source = createSeriesSource(store.reader, store.metrics.series);
});

after(() => store.close());

const m = (name: string, type: LabelMatcher['type'], value: string): LabelMatcher => ({
  name,
  type,
  value,
});

const CASES: { matchers: LabelMatcher[]; expected: number[] }[] = [
  { matchers: [m('__name__', '=', 'http_requests_total')], expected: [0, 1, 2] },
  { matchers: [m('__name__', '=', 'http_requests_total'), m('code', '!=', '200')], expected: [1] },
  { matchers: [m('job', '=~', 'ap')], expected: [] },
  { matchers: [m('job', '=~', 'ap.|web')], expected: [0, 1, 2, 3] },
  { matchers: [m('job', '!~', 'api')], expected: [2] },
  { matchers: [m('__name__', '=~', '.+'), m('path', '=', '')], expected: [0, 1, 3] },
  { matchers: [m('path', '=~', '/a.b')], expected: [2] },
  { matchers: [m('__name__', '=', 'missing')], expected: [] },
  // RE2's inline flags, as Prometheus takes them: the engine's translation is shared.
  { matchers: [m('job', '=~', '(?i)API')], expected: [0, 1, 3] },
  // Names of Object's own properties are labels like any other: absent here, so empty.
  { matchers: [m('__name__', '=', 'up'), m('constructor', '=~', '.*native.*')], expected: [] },
  { matchers: [m('__name__', '=', 'up'), m('constructor', '=', '')], expected: [3] },
  { matchers: [m('__name__', '=', 'up'), m('toString', '!=', '')], expected: [] },
];

for (const { matchers, expected } of CASES) {
  test(`select ${JSON.stringify(matchers.map((x) => `${x.name}${x.type}${x.value}`))}`, async () => {
    const selected = await source.select(matchers, 0, 10_000);
    assert.deepEqual(
      selected.map((series) => Object.fromEntries(series.labels.map((l) => [l.name, l.value]))),
      expected.map((i) => SERIES[i]),
    );
  });
}

test('samples come sorted by time, a repeated time once, within the inclusive range', async () => {
  const [series] = await source.select([m('__name__', '=', 'up')], 2000, 4000);
  assert.ok(series);
  assert.deepEqual([...series.timestamps], [2000, 3000, 4000]);
  assert.deepEqual([...series.values], [32, 33, 34]);
  assert.ok(series.timestamps instanceof Float64Array && series.values instanceof Float64Array);
  assert.deepEqual(await source.select([m('__name__', '=', 'up')], 5000, 6000), []);
});

test('series without samples in the range are left out; matchingIn checks the range', async () => {
  const all = source.matching([m('job', '=~', '.*'), m('__name__', '!=', '')]);
  assert.equal(all.length, 4);
  assert.equal((await source.matchingIn([m('job', '=', 'api')], { minT: 0, maxT: 999 })).length, 0);
  assert.equal(
    (await source.matchingIn([m('job', '=', 'api')], { minT: 0, maxT: 1000 })).length,
    3,
  );
  assert.equal((await source.matchingIn([m('job', '=', 'api')])).length, 3);
});

test('an invalid regex is a MatcherError', () => {
  assert.throws(() => source.matching([m('job', '=~', '(')]), MatcherError);
});
