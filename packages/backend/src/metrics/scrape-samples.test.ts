import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseExposition } from './exposition-parser.js';
import { isStaleAt, type SampleBatch } from './sample.js';
import { ScrapeSeriesCache } from './scrape-samples.js';

const target = { instance: 'localhost:8080', job: 'demo-app' };
const T = 1_700_000_000_000;

const parse = (text: string) => parseExposition(text, { format: 'prometheus-text' });

/** A batch as rows `name{labels}` → value, with "stale" for StaleNaN. */
function rows(batch: SampleBatch): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const s of batch.series) {
    const { __name__, ...rest } = s.labels;
    const labels = Object.entries(rest)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    out[`${__name__}{${labels}}`] = isStaleAt(batch.values, s.first)
      ? 'stale'
      : (batch.values[s.first] as number);
  }
  return out;
}

describe('ScrapeSeriesCache', () => {
  test('target labels are attached, the synthetic series report the scrape', () => {
    const cache = new ScrapeSeriesCache(target, false);
    const batch = cache.batchFor({
      timestampMs: T,
      durationSeconds: 0.25,
      exposition: parse('a 1\nb{x="y"} 2\n'),
    });
    assert.deepEqual(rows(batch), {
      'a{instance=localhost:8080,job=demo-app}': 1,
      'b{instance=localhost:8080,job=demo-app,x=y}': 2,
      'up{instance=localhost:8080,job=demo-app}': 1,
      'scrape_duration_seconds{instance=localhost:8080,job=demo-app}': 0.25,
      'scrape_samples_scraped{instance=localhost:8080,job=demo-app}': 2,
      'scrape_samples_post_metric_relabeling{instance=localhost:8080,job=demo-app}': 2,
      'scrape_series_added{instance=localhost:8080,job=demo-app}': 2,
    });
    assert.ok([...batch.timestampsMs].every((t) => t === T));
    assert.deepEqual(Object.keys(batch.series[1]?.labels ?? {}), [
      '__name__',
      'instance',
      'job',
      'x',
    ]);
  });

  test('honor_labels false: clashing exposed labels become exported_*', () => {
    const cache = new ScrapeSeriesCache(target, false);
    const sample = parse('m{job="other",exported_job="x",instance=""} 1\n').samples[0];
    assert.ok(sample);
    assert.deepEqual(cache.labelsOf(sample), {
      __name__: 'm',
      exported_exported_job: 'other',
      exported_job: 'x',
      instance: 'localhost:8080',
      job: 'demo-app',
    });
  });

  test('honor_labels true: exposed labels win, even empty ones', () => {
    const cache = new ScrapeSeriesCache(target, true);
    const sample = parse('m{job="other",instance=""} 1\n').samples[0];
    assert.ok(sample);
    assert.deepEqual(cache.labelsOf(sample), { __name__: 'm', job: 'other' });
  });

  test('a series missing from the next scrape gets a staleness marker; new ones are counted', () => {
    const cache = new ScrapeSeriesCache(target, false);
    cache.batchFor({ timestampMs: T, durationSeconds: 0, exposition: parse('a 1\nb 2\n') });
    const next = rows(
      cache.batchFor({
        timestampMs: T + 15_000,
        durationSeconds: 0,
        exposition: parse('a 3\nc 4\n'),
      }),
    );
    assert.equal(next['b{instance=localhost:8080,job=demo-app}'], 'stale');
    assert.equal(next['a{instance=localhost:8080,job=demo-app}'], 3);
    assert.equal(next['scrape_series_added{instance=localhost:8080,job=demo-app}'], 1);
  });

  test('a failed scrape marks every series stale and reports up 0', () => {
    const cache = new ScrapeSeriesCache(target, false);
    cache.batchFor({ timestampMs: T, durationSeconds: 0, exposition: parse('a 1\n') });
    const failed = rows(
      cache.batchFor({ timestampMs: T + 1, durationSeconds: 0.1, exposition: undefined }),
    );
    assert.equal(failed['a{instance=localhost:8080,job=demo-app}'], 'stale');
    assert.equal(failed['up{instance=localhost:8080,job=demo-app}'], 0);
    assert.equal(failed['scrape_samples_scraped{instance=localhost:8080,job=demo-app}'], 0);
    assert.equal(cache.seriesCount, 0);
  });

  test('series with explicit timestamps keep them and never get staleness markers', () => {
    const cache = new ScrapeSeriesCache(target, false);
    const first = cache.batchFor({
      timestampMs: T,
      durationSeconds: 0,
      exposition: parse('a 1 123\n'),
    });
    assert.equal(first.timestampsMs[0], 123);
    const second = rows(
      cache.batchFor({ timestampMs: T + 1, durationSeconds: 0, exposition: parse('') }),
    );
    assert.equal(second['a{instance=localhost:8080,job=demo-app}'], undefined);
  });

  test('series found again in another order keep their own labels', () => {
    const cache = new ScrapeSeriesCache(target, false);
    cache.batchFor({ timestampMs: T, durationSeconds: 0, exposition: parse('a{x="1"} 1\nb 2\n') });
    const next = rows(
      cache.batchFor({
        timestampMs: T + 1,
        durationSeconds: 0,
        exposition: parse('b 3\na{x="1"} 4\nc 5\n'),
      }),
    );
    assert.equal(next['a{instance=localhost:8080,job=demo-app,x=1}'], 4);
    assert.equal(next['b{instance=localhost:8080,job=demo-app}'], 3);
    assert.equal(next['c{instance=localhost:8080,job=demo-app}'], 5);
    assert.equal(next['scrape_series_added{instance=localhost:8080,job=demo-app}'], 1);
  });

  test('a repeated series is kept once', () => {
    const cache = new ScrapeSeriesCache(target, false);
    const batch = cache.batchFor({
      timestampMs: T,
      durationSeconds: 0,
      exposition: parse('a 1\na 2\n'),
    });
    assert.equal(rows(batch)['a{instance=localhost:8080,job=demo-app}'], 1);
    assert.equal(batch.series.length, 1 + 5);
  });

  test('removal marks the target’s series and its synthetic series stale', () => {
    const cache = new ScrapeSeriesCache(target, false);
    cache.batchFor({ timestampMs: T, durationSeconds: 0, exposition: parse('a 1\n') });
    const stale = rows(cache.staleBatch(T + 5));
    assert.equal(Object.keys(stale).length, 6);
    assert.ok(Object.values(stale).every((v) => v === 'stale'));
  });

  test('exemplars and metadata travel with the batch', () => {
    const cache = new ScrapeSeriesCache(target, false);
    const exposition = parseExposition(
      '# TYPE c counter\n# HELP c Calls.\nc_total 1 # {trace_id="abc"} 1\n# EOF\n',
      { format: 'openmetrics' },
    );
    const batch = cache.batchFor({ timestampMs: T, durationSeconds: 0, exposition });
    assert.deepEqual(batch.series[0]?.exemplars, [{ labels: { trace_id: 'abc' }, value: 1 }]);
    assert.deepEqual(batch.metadata, [{ metric: 'c', type: 'counter', help: 'Calls.', unit: '' }]);
  });
});
