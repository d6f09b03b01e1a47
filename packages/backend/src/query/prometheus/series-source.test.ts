import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sortedLabels } from '../../metrics/sample.js';
import { SampleBatchBuilder } from '../../metrics/sample-batch-builder.js';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { compileMatchers, type LabelMatcher, MatcherError } from './label-matcher.js';
import { RequestBudget } from './request-budget.js';
import { type CompiledSelector, createSeriesSource, type SeriesSource } from './series-source.js';

const budget = () => new RequestBudget(Date.now() + 60_000);
const selectors = (...sets: LabelMatcher[][]): CompiledSelector[] =>
  sets.map((matchers) => ({ matchers, test: compileMatchers(matchers) }));
const sameLabels = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

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

test('series without samples in the range are left out; matchingAny checks the range', async () => {
  const all = source.matching([m('job', '=~', '.*'), m('__name__', '!=', '')]);
  assert.equal(all.length, 4);
  const api = selectors([m('job', '=', 'api')]);
  assert.equal((await source.matchingAny(api, budget(), { minT: 0, maxT: 999 })).length, 0);
  assert.equal((await source.matchingAny(api, budget(), { minT: 0, maxT: 1000 })).length, 3);
  assert.equal((await source.matchingAny(api, budget())).length, 3);
  assert.equal((await source.matchingAny([], budget())).length, 4, 'no selector: every series');
});

test('matchingAny: the union of every selector, each series once, one read for the range', async () => {
  const rows: { sets: LabelMatcher[][]; range?: { minT: number; maxT: number }; ids: string[] }[] =
    [
      { sets: [[m('code', '=', '200')], [m('job', '=', 'api')]], ids: ['0', '1', '2', '3'] },
      { sets: [[m('code', '=', '500')], [m('code', '=~', '5..')]], ids: ['1'] },
      { sets: [[m('__name__', '=', 'up')], [m('__name__', '=', 'nothing')]], ids: ['3'] },
      { sets: [[m('job', '=', 'web')]], range: { minT: 4000, maxT: 4000 }, ids: ['2'] },
      { sets: [[m('job', '=', 'web')]], range: { minT: 5000, maxT: 9000 }, ids: [] },
      { sets: [[m('job', '=', 'web')]], range: { minT: 4000, maxT: 1000 }, ids: [] },
    ];
  for (const { sets, range, ids } of rows) {
    const found = await source.matchingAny(selectors(...sets), budget(), range);
    const names = found.map((s) => String(SERIES.findIndex((x) => sameLabels(x, s.labels))));
    assert.deepEqual(names.sort(), ids, JSON.stringify({ sets, range }));
  }
});

test('matchingAny stops at the deadline and when the client has gone', async () => {
  const every = selectors([m('job', '=~', '.+')]);
  const late = new RequestBudget(Date.now() - 1);
  await assert.rejects(source.matchingAny(every, late, { minT: 0, maxT: 9000 }), {
    errorType: 'timeout',
    message: 'query timed out in series selection',
  });
  const gone = new AbortController();
  gone.abort();
  await assert.rejects(
    source.matchingAny(every, new RequestBudget(Date.now() + 60_000, gone.signal), {
      minT: 0,
      maxT: 9000,
    }),
    { errorType: 'canceled', message: 'query was canceled in series selection' },
  );
});

test('an invalid regex is a MatcherError', () => {
  assert.throws(() => source.matching([m('job', '=~', '(')]), MatcherError);
});
