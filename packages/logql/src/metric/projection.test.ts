import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogProjection, LogSelection, LogStorage } from '../storage';
import { evaluateRangeQuery } from './metric-query';
import { at, metric, RecordingStorage, sampleStore } from './metric-test-data';

const store = sampleStore();

/** A storage that leaves out what the projection says the engine will not read. */
class ProjectingStorage implements LogStorage {
  constructor(private readonly inner: LogStorage) {}
  async *select(selection: LogSelection) {
    const p = selection.projection;
    for await (const batch of this.inner.select(selection)) {
      yield p
        ? batch.map((e) => ({
            ...e,
            line: p.line ? e.line : '',
            metadata:
              p.metadata === 'all'
                ? e.metadata
                : e.metadata.filter((l) => p.metadata.includes(l.name)),
          }))
        : batch;
    }
  }
  labelNames = (...a: Parameters<LogStorage['labelNames']>) => this.inner.labelNames(...a);
  labelValues = (...a: Parameters<LogStorage['labelValues']>) => this.inner.labelValues(...a);
  series = (...a: Parameters<LogStorage['series']>) => this.inner.series(...a);
}

// [query, the projection asked for (undefined: a pipeline that may read anything)]
const cases: [string, LogProjection | undefined][] = [
  [
    'sum by (trace_id) (count_over_time({app=~"a|d"}[1m]))',
    { line: false, metadata: ['trace_id'] },
  ],
  ['count_over_time({app=~"a|d"} |= "=" [1m])', { line: true, metadata: 'all' }],
  ['sum(bytes_rate({app=~"a|d"}[1m]))', { line: true, metadata: [] }],
  ['absent_over_time({app="a"}[1m])', { line: false, metadata: [] }],
  ['count_over_time({app=~"a|d"} | logfmt [1m])', undefined],
  ['max_over_time({app=~"a|d"} | logfmt | unwrap n | __error__="" [1m]) by (app)', undefined],
];

for (const [query, projection] of cases) {
  test(`${query} asks for ${JSON.stringify(projection)}, and a storage honouring it answers the same`, async () => {
    const options = { startNs: at(0), endNs: at(60), stepNs: 10n * 1_000_000_000n };
    const recording = new RecordingStorage(store);
    const full = await evaluateRangeQuery(metric(query), recording, options);
    assert.deepEqual(recording.selections[0]?.projection, projection);
    const projected = await evaluateRangeQuery(
      metric(query),
      new ProjectingStorage(store),
      options,
    );
    assert.deepEqual(projected.series, full.series);
    assert.ok(full.series.length > 0);
  });
}
