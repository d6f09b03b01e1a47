import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  formatApiData,
  instantQuery,
  labelsFromRecord,
  MemoryStorage,
  rangeQuery,
} from '@otel-lab/promql';
import {
  type ApiResult,
  DASHBOARD_QUERIES,
  differenceOf,
  EMPTY,
  hasRealPrometheus,
  LAB_QUERIES,
  MIXED_QUERIES,
  ORDERED,
  openMetricsDataset,
  PROMETHEUS_BIN,
  type RealPrometheus,
  startRealPrometheus,
} from '@otel-lab/testkit';
import { openMetricsBackfill } from '../../metrics/openmetrics-backfill.js';
import { isStaleAt } from '../../metrics/sample.js';

const MINUTE = 60_000;
/**
 * Samples sit 7.5 s past each 15 s mark and evaluation times fall on whole minutes, so no sample
 * lies on a window edge: Prometheus 2 closes range windows on the left, Prometheus 3 (which this
 * engine follows) does not, and the two must agree here.
 */
const END = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
const START = END - 3 * 60 * MINUTE;
const DATA = openMetricsDataset({
  startMs: START - 30 * MINUTE + 7_500,
  points: (3 * 60 + 30) * 4,
  stepMs: 15_000,
  routes: 3,
});

const present = hasRealPrometheus();
if (!present && process.env.OTEL_LAB_REQUIRE_ALL) {
  test('the real Prometheus is installed', () => assert.fail(`${PROMETHEUS_BIN} is missing`));
}

describe('the PromQL engine against a real Prometheus on identical data', {
  skip: present ? false : `no Prometheus at ${PROMETHEUS_BIN} (apt-get install prometheus)`,
}, () => {
  let prometheus: RealPrometheus;
  const storage = new MemoryStorage();
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'promql-reference-'));
    prometheus = await startRealPrometheus({ dir, openMetrics: DATA });
    for (const batch of openMetricsBackfill(DATA)) {
      for (const series of batch.series) {
        const labels = labelsFromRecord(series.labels);
        for (let i = series.first; i < series.first + series.count; i++) {
          if (isStaleAt(batch.values, i))
            storage.appendStale(labels, batch.timestampsMs[i] as number);
          else storage.append(labels, batch.timestampsMs[i] as number, batch.values[i] as number);
        }
      }
    }
  });
  after(async () => {
    await prometheus?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const reference = async (path: string, params: Record<string, string>) => {
    const body = (await prometheus.api(path, params)) as { status: string; data: ApiResult };
    assert.equal(body.status, 'success', JSON.stringify(body));
    return body.data;
  };

  for (const query of [...LAB_QUERIES, ...DASHBOARD_QUERIES, ...MIXED_QUERIES]) {
    test(`instant: ${query}`, async () => {
      let answered = 0;
      for (const at of [START + 30 * MINUTE, END - 7 * MINUTE, END]) {
        const ours = formatApiData(await instantQuery(storage, query, at)) as ApiResult;
        const theirs = await reference('query', { query, time: String(at / 1000) });
        const difference = differenceOf(ours, theirs, ORDERED.has(query));
        assert.equal(difference, undefined, `at ${at}: ${difference}`);
        if (!Array.isArray(theirs.result) || theirs.result.length > 0) answered += 1;
      }
      // An empty answer on both sides proves little: the data set is made to answer these.
      if (!EMPTY.has(query)) assert.ok(answered > 0, 'no data at any time');
    });
    if (ORDERED.has(query)) continue;
    test(`range: ${query}`, async () => {
      const ours = formatApiData(await rangeQuery(storage, query, START, END, MINUTE)) as ApiResult;
      const theirs = await reference('query_range', {
        query,
        start: String(START / 1000),
        end: String(END / 1000),
        step: '60',
      });
      const difference = differenceOf(ours, theirs);
      assert.equal(difference, undefined, difference);
    });
  }
});
