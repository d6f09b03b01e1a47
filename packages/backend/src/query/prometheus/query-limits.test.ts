import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { sortedLabels } from '../../metrics/sample.js';
import { SampleBatchBuilder } from '../../metrics/sample-batch-builder.js';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createPrometheusApiHandler } from './prometheus-api.js';
import { createSeriesSource } from './series-source.js';

// The limits of one query through the API as the backend serves it (worker threads): the
// samples of all its selectors together, its timeout, and the backend answering meanwhile.
let store: TelemetryStore;
/** The API with a small sample limit, and with a short timeout. */
let limited: HandlerServer;
let timed: HandlerServer;
const errors: unknown[] = [];

/** Three series, a sample every 15 s for an hour from t=0: 241 each. */
const SERIES = ['/a', '/b', '/c'];
const MAX_SAMPLES = 1000;

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'query-limits-')) });
  const builder = new SampleBatchBuilder();
  for (const route of SERIES) {
    const labels = sortedLabels([
      ['__name__', 'requests_total'],
      ['route', route],
    ]);
    for (let t = 0; t <= 3_600_000; t += 15_000) builder.add(labels, t, t / 1000);
  }
  await store.writeSamples(builder.build());
  const serve = (queryLimits: { timeoutMs: number; maxSamples: number }) =>
    serveHandler(
      createPrometheusApiHandler({
        source: createSeriesSource(store.readers, store.metrics.series),
        connection: store.reader,
        metadata: store.metrics.metadata,
        targets: () => [],
        onError: (error) => errors.push(error),
        queryLimits,
      }),
    );
  limited = await serve({ timeoutMs: 30_000, maxSamples: MAX_SAMPLES });
  timed = await serve({ timeoutMs: 1500, maxSamples: 10_000_000 });
});

after(async () => {
  await limited.close();
  await timed.close();
  store.close();
  assert.deepEqual(errors, []);
});

async function get(server: HandlerServer, path: string, params: Record<string, string>) {
  const response = await fetch(`${server.url}${path}?${new URLSearchParams(params)}`);
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, checked field by field
  return { status: response.status, body: (await response.json()) as any };
}

const range = (server: HandlerServer, query: string, extra: Record<string, string> = {}) =>
  get(server, '/api/v1/query_range', { query, start: '0', end: '3600', step: '60', ...extra });

/** Sorts a day of points for each of 10,000 steps: hours of work, never checking the deadline. */
const HUNG = 'quantile_over_time(0.5, vector(1)[1d:1s])';

test('the samples of all selectors count together: each under the limit, 422 past it', async () => {
  // 723 samples for one selector over the hour; two selectors load twice as many.
  const one = await range(limited, 'sum(requests_total)');
  assert.equal(one.status, 200);
  const cases = [
    'requests_total + requests_total offset 1m',
    'sum(rate(requests_total[5m])) / sum(requests_total) - count(requests_total offset 5m)',
  ];
  for (const query of cases) {
    assert.deepEqual(await range(limited, query), {
      status: 422,
      body: {
        status: 'error',
        errorType: 'execution',
        error: 'query processing would load too many samples into memory in query execution',
      },
    });
  }
});

test('points per range query: 11,000 at most, as Prometheus', async () => {
  assert.deepEqual(await range(limited, 'requests_total', { step: '0.3' }), {
    status: 400,
    body: {
      status: 'error',
      errorType: 'bad_data',
      error:
        'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    },
  });
});

test('a query past the timeout is 503 timeout, and the API keeps answering meanwhile', async () => {
  const began = Date.now();
  const hung = range(timed, HUNG, { end: '10000', step: '1' });
  const labels = await get(timed, '/api/v1/labels', {});
  assert.equal(labels.status, 200);
  const answered = await hung;
  assert.ok(Date.now() - began >= 1500);
  assert.deepEqual(answered, {
    status: 503,
    body: {
      status: 'error',
      errorType: 'timeout',
      error: 'query timed out in expression evaluation',
    },
  });
  const next = await range(timed, 'count(requests_total)');
  assert.equal(next.status, 200);
  assert.deepEqual(next.body.data.result[0].values[0], [0, '3']);
});

test('a timeout parameter shortens the limit but does not lengthen it', async () => {
  const shorter = Date.now();
  const cut = await range(timed, HUNG, { end: '10000', step: '1', timeout: '200ms' });
  assert.equal(cut.status, 503);
  assert.ok(Date.now() - shorter < 1500, 'answered at the shorter timeout');
  const longer = Date.now();
  const capped = await range(timed, HUNG, { end: '10000', step: '1', timeout: '1h' });
  assert.equal(capped.status, 503);
  assert.ok(Date.now() - longer >= 1500);
});
