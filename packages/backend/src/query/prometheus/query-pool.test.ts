import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { labelsFromRecord, MemoryStorage, PromqlError } from '@otel-lab/promql';
import { RowChunkWriter } from '../../storage/row-chunks.js';
import { ApiError } from './api-response.js';
import { createQueryPool, type QueryPool } from './query-pool.js';
import { inProcessRunner, type QueryRequest } from './query-runner.js';
import type { SeriesSource } from './series-source.js';

const MINUTE = 60_000;
const storage = new MemoryStorage();
for (const [route, rate] of [
  ['/a', 2],
  ['/b', 5],
  ['/c', 11],
] as const) {
  const labels = labelsFromRecord({ __name__: 'requests_total', route });
  for (let t = 0; t <= 60 * MINUTE; t += 15_000) storage.append(labels, t, (rate * t) / 1000);
}
storage.appendStale(labelsFromRecord({ __name__: 'requests_total', route: '/a' }), 61 * MINUTE);

/** The main thread's side of a select over `storage`: rows packed as DuckDB's would be. */
function memorySource(): Pick<SeriesSource, 'selectRows'> {
  const ids = new Map<string, number>();
  return {
    async selectRows(matchers, minT, maxT, take) {
      const writer = new RowChunkWriter();
      const found = storage.select(matchers, minT, maxT).map((s) => {
        const key = JSON.stringify(s.labels);
        const id = ids.get(key) ?? ids.size;
        ids.set(key, id);
        return { id, stored: s };
      });
      found.sort((a, b) => a.id - b.id);
      for (const { id, stored } of found) {
        take(stored.values.length);
        const words = new Uint32Array(stored.values.buffer, stored.values.byteOffset);
        for (let i = 0; i < stored.values.length; i++) {
          writer.addRow(id, stored.timestamps[i] as number, words, i);
        }
      }
      return {
        series: found.map(({ id, stored }) => ({ id, labels: stored.labels })),
        chunks: writer.chunks,
      };
    },
  };
}

const REAL_WORKER = join(__dirname, 'query-worker.js');

/** The real worker, except that a query `hang()` spins forever and `crash()` throws. */
function misbehavingWorker(): Worker {
  const code = `
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (m) => {
      if (m.type !== 'run') return;
      if (m.request.query === 'hang()') for (;;) {}
      if (m.request.query === 'crash()') throw new Error('the worker broke');
    });
    require(${JSON.stringify(REAL_WORKER)});`;
  return new Worker(code, { eval: true });
}

const pools: QueryPool[] = [];
function pool(options: Partial<Parameters<typeof createQueryPool>[0]> = {}): QueryPool {
  const created = createQueryPool({ source: memorySource(), ...options });
  pools.push(created);
  return created;
}
after(() => Promise.all(pools.map((p) => p.close())));

const instant = (query: string, timeoutMs = 10_000, maxSamples = 1_000_000): QueryRequest => ({
  kind: 'instant',
  query,
  time: 30 * MINUTE,
  deadline: Date.now() + timeoutMs,
  maxSamples,
});

const text = (json: string | Uint8Array) =>
  typeof json === 'string' ? json : Buffer.from(json).toString();

test('queries answer through the worker exactly as on the calling thread', async () => {
  const workers = pool();
  const local = inProcessRunner(storage);
  const requests: QueryRequest[] = [
    instant('requests_total'),
    instant('sum by (route) (rate(requests_total[5m]))'),
    instant('requests_total{route="/a"} @ 3660'),
    instant('rate(requests_total[5m]) > 4 and on (route) requests_total'),
    instant('label_replace(requests_total, "x", "$1", "route", "/(.*)")'),
    instant('"text"'),
    instant('histogram_quantile(0.5, requests_total)'),
    {
      kind: 'range',
      query: 'sum(irate(requests_total[2m])) / count(requests_total)',
      start: 0,
      end: 62 * MINUTE,
      step: 45_000,
      deadline: Date.now() + 10_000,
      maxSamples: 1_000_000,
    },
  ];
  for (const request of requests) {
    const [ours, theirs] = await Promise.all([workers.run(request), local.run(request)]);
    assert.equal(text(ours.json), text(theirs.json), request.query);
    assert.deepEqual(ours.warnings, theirs.warnings, request.query);
  }
  const query = 'sum(rate(a{x="1"}[5m])) / on() b + scalar(c offset 1m)';
  assert.deepEqual(
    await workers.selectors(query, Date.now() + 5000),
    await local.selectors(query, Date.now() + 5000),
  );
});

test('errors come back with their kind: bad data, execution, the samples of all selectors', async () => {
  const workers = pool();
  const cases: [QueryRequest, string, RegExp][] = [
    [instant('sum('), 'bad_data', /parse error/],
    [instant('requests_total + on() requests_total'), 'execution', /many-to-many matching/],
    // About 60 samples per selector (3 series, a 5 m window every 15 s); 120 for the two.
    [
      instant('requests_total + requests_total offset 1m', 10_000, 100),
      'execution',
      /^query processing would load too many samples into memory in query execution$/,
    ],
  ];
  for (const [request, type, message] of cases) {
    await assert.rejects(workers.run(request), (error: unknown) => {
      assert.ok(error instanceof PromqlError, String(error));
      assert.equal(error.type, type, request.query);
      assert.match(error.message, message);
      return true;
    });
  }
  // Under the limit, the same query answers; each selector alone was under it too.
  await workers.run(instant('requests_total + requests_total offset 1m', 10_000, 200));
  await workers.run(instant('requests_total', 10_000, 100));
});

test('a hung evaluation times out at its deadline; its worker is replaced, the next query answers', async () => {
  const workers = pool({ workers: 1, createWorker: misbehavingWorker, graceMs: 100 });
  await workers.run(instant('requests_total'));
  assert.equal(workers.stats().started, 1);
  const began = Date.now();
  await assert.rejects(workers.run(instant('hang()', 300)), {
    name: 'PromqlError',
    type: 'timeout',
    message: 'query timed out in expression evaluation',
  });
  const took = Date.now() - began;
  assert.ok(took >= 290, `answered after ${took} ms, before the deadline`);
  const answer = await workers.run(instant('count(requests_total)'));
  assert.match(text(answer.json), /"3"\]/);
  assert.equal(workers.stats().started, 2);
});

test('a worker that crashes fails its query alone; a new worker takes the next', async () => {
  const workers = pool({ workers: 1, createWorker: misbehavingWorker });
  await assert.rejects(
    workers.run(instant('crash()')),
    /the query worker failed: .*the worker broke/s,
  );
  const answer = await workers.run(instant('count(requests_total)'));
  assert.match(text(answer.json), /"3"\]/);
  assert.equal(workers.stats().started, 2);
});

test('queries wait in a bounded queue; past it, 503 unavailable; a wait past the deadline times out', async () => {
  const workers = pool({ workers: 1, maxQueued: 1, createWorker: misbehavingWorker, graceMs: 50 });
  const running = workers.run(instant('hang()', 1000));
  const waiting = workers.run(instant('requests_total', 400));
  await assert.rejects(workers.run(instant('requests_total')), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.errorType, 'unavailable');
    assert.equal(error.status, 503);
    assert.match(error.message, /too many queries at once: 1 running and 1 waiting/);
    return true;
  });
  assert.deepEqual(workers.stats(), { started: 1, queued: 1, running: 1 });
  await assert.rejects(waiting, { type: 'timeout', message: 'query timed out in query queue' });
  await assert.rejects(running, {
    type: 'timeout',
    message: 'query timed out in expression evaluation',
  });
  await workers.run(instant('requests_total'));
  assert.deepEqual(workers.stats(), { started: 2, queued: 0, running: 0 });
});

test('a worker out of memory fails its query with an execution error; the process goes on', async () => {
  const small = () => new Worker(REAL_WORKER, { resourceLimits: { maxOldGenerationSizeMb: 24 } });
  const workers = pool({ workers: 1, createWorker: small });
  // 2.6 million points of a subquery: about 80 MB as JavaScript arrays.
  await assert.rejects(
    workers.run(instant('sum_over_time(vector(1)[30d:1s])', 30_000, 100_000_000)),
    { name: 'PromqlError', type: 'execution', message: /ran out of memory/ },
  );
  const answer = await workers.run(instant('count(requests_total)'));
  assert.match(text(answer.json), /"3"\]/);
  assert.equal(workers.stats().started, 2);
});

test('a query whose client has gone leaves the queue at once, canceled; the others keep their places', async () => {
  const workers = pool({ workers: 1, maxQueued: 2, createWorker: misbehavingWorker, graceMs: 50 });
  const running = workers.run(instant('hang()', 2000));
  const gone = new AbortController();
  const abandoned = workers.run(instant('requests_total'), gone.signal);
  const waiting = workers.run(instant('count(requests_total)'));
  assert.deepEqual(workers.stats(), { started: 1, queued: 2, running: 1 });
  gone.abort();
  await assert.rejects(abandoned, {
    type: 'canceled',
    message: 'query was canceled in query queue',
  });
  assert.deepEqual(workers.stats(), { started: 1, queued: 1, running: 1 });
  // Already gone before it is submitted: refused without a place.
  await assert.rejects(workers.run(instant('requests_total'), gone.signal), { type: 'canceled' });
  await assert.rejects(running, { type: 'timeout' });
  assert.match(text((await waiting).json), /"3"\]/);
});

test('a running query whose client has gone ends at once; its worker, if it does not stop, is replaced', async () => {
  const workers = pool({ workers: 1, createWorker: misbehavingWorker, graceMs: 100 });
  const gone = new AbortController();
  const began = Date.now();
  const running = workers.run(instant('hang()', 20_000), gone.signal);
  setTimeout(() => gone.abort(), 100);
  await assert.rejects(running, {
    type: 'canceled',
    message: 'query was canceled in expression evaluation',
  });
  const took = Date.now() - began;
  assert.ok(took < 5000, `canceled after ${took} ms, not at the abort`);
  const answer = await workers.run(instant('count(requests_total)'));
  assert.match(text(answer.json), /"3"\]/);
  assert.equal(workers.stats().started, 2, 'the hung worker was replaced');
});

test('a running query whose client has gone is stopped by its worker between steps; the worker stays', async () => {
  const workers = pool({ workers: 1, graceMs: 30_000 });
  await workers.run(instant('requests_total'));
  // Hundreds of subqueries, each a step of evaluation: seconds of work in all.
  const heavy = Array.from({ length: 200 }, () => 'sum_over_time(vector(1)[1d:1s])').join(' + ');
  const gone = new AbortController();
  const running = workers.run(instant(heavy, 60_000, 1e9), gone.signal);
  setTimeout(() => gone.abort(), 200);
  await assert.rejects(running, { type: 'canceled' });
  // The worker reports it has stopped: the slot is free long before the grace would end.
  for (let i = 0; i < 100 && workers.stats().running > 0; i++) await sleep(50);
  assert.deepEqual(workers.stats(), { started: 1, queued: 0, running: 0 });
  assert.match(text((await workers.run(instant('count(requests_total)'))).json), /"3"\]/);
});
