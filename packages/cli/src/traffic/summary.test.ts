import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSummary } from './format-summary.js';
import type { Outcome } from './http-client.js';
import { parseTrafficArgs, type TrafficOptions } from './options.js';
import type { Endpoint } from './plan.js';
import { createTrafficStats } from './stats.js';
import { summarize } from './summary.js';

function options(argv: string[] = []): TrafficOptions {
  const parsed = parseTrafficArgs(argv);
  assert.ok('target' in parsed);
  return parsed;
}

/** Statistics from rows of [endpoint, outcome, latency ms, times]. */
function statsOf(rows: [Endpoint, Outcome, number, number][]) {
  const stats = createTrafficStats(['orders', 'products']);
  for (const [endpoint, outcome, latency, times] of rows) {
    for (let i = 0; i < times; i += 1) stats.record(endpoint, outcome, latency);
  }
  return stats;
}

test('a clean run: counts, throughput, percentiles per endpoint, exit 0', () => {
  const stats = statsOf([
    ['orders', { status: 201 }, 200, 49],
    ['orders', { status: 201 }, 800, 1],
    ['products', { status: 200 }, 20, 50],
  ]);
  const summary = summarize(options(), stats, { elapsedMs: 25_000, interrupted: false });
  assert.equal(summary.target, 'http://localhost:8080');
  assert.equal(summary.mode, 'closed-loop');
  assert.equal(summary.requests, 100);
  assert.equal(summary.throughput, 4);
  assert.deepEqual(summary.errorsByStatus, {});
  assert.equal(summary.failures, 0);
  assert.equal(summary.exitCode, 0);
  const [orders, products] = summary.endpoints;
  assert.equal(orders?.endpoint, 'POST /api/orders');
  assert.deepEqual(orders?.statuses, { 201: 50 });
  // Percentiles are the upper edge of their HDR bucket: never below the truth, at most 0.1 % above.
  const close = (actual: number | undefined, expected: number) =>
    assert.ok(
      actual !== undefined && actual >= expected && actual <= expected * 1.001,
      `${actual}`,
    );
  close(orders?.latencyMs.p50, 200);
  close(orders?.latencyMs.p95, 200);
  close(orders?.latencyMs.p99, 800);
  assert.equal(orders?.latencyMs.max, 800, 'the maximum is exact');
  close(products?.latencyMs.p50, 20);

  const text = formatSummary(summary, 500);
  assert.match(text, /^Traffic to http:\/\/localhost:8080: 100 requests in 25 s, 4 requests\/s$/m);
  assert.match(
    text,
    /closed loop, one request at a time, 500 ms pause, mix 1:1 .*the lab's requests/,
  );
  assert.match(text, /errors: none/);
  assert.match(text, /^endpoint\s+requests\s+errors\s+p50 ms\s+p95 ms\s+p99 ms\s+max ms$/m);
  assert.match(text, /^POST \/api\/orders\s+50\s+0\s+200\.\d\s+200\.\d\s+800\.\d\s+800\.0$/m);
  assert.match(text, /^GET \/api\/products\s+50\s+0\s+20\.0\s+20\.0\s+20\.0\s+20\.0$/m);
  assert.match(text, /Result: passed \(exit 0\)$/);
  assert.doesNotMatch(text, /late starts/, 'only the open loop has a schedule to be late for');
});

test('errors by status and network code; only failing ones fail the run', () => {
  const stats = statsOf([
    ['orders', { status: 201 }, 100, 5],
    ['orders', { status: 409 }, 50, 2],
    ['orders', { status: 502 }, 3000, 3],
    ['products', { status: 200 }, 10, 9],
    ['products', { error: 'ECONNRESET' }, 0, 1],
    ['products', { abandoned: true }, 0, 1],
  ]);
  stats.lateStart();
  const summary = summarize(options(['--rate', '5', '--seed', '9']), stats, {
    elapsedMs: 4000,
    interrupted: true,
  });
  assert.equal(summary.mode, 'open-loop');
  assert.equal(summary.requests, 20, 'the abandoned request is not counted as ended');
  assert.deepEqual(summary.errorsByStatus, { 409: 2, 502: 3 });
  assert.deepEqual(summary.networkErrors, { ECONNRESET: 1 });
  assert.equal(summary.failures, 4, '502 ×3 and ECONNRESET; 409 is expected');
  assert.equal(summary.abandoned, 1);
  assert.equal(summary.lateStarts, 1);
  assert.equal(summary.exitCode, 1);

  const text = formatSummary(summary);
  assert.match(text, /open loop at 5 requests\/s, at most 64 in flight, mix 1:1 .*seed 9/);
  assert.match(text, /errors: 409 ×2 \(expected\), 502 ×3, ECONNRESET ×1/);
  assert.match(text, /late starts: 1 \(waited for one of 64 requests in flight/);
  assert.match(text, /interrupted: stopped early, 1 requests in flight abandoned/);
  assert.match(text, /^POST \/api\/orders\s+10\s+5\s/m);
  assert.match(text, /^GET \/api\/products\s+10\s+1\s/m);
  assert.match(text, /Result: failed \(exit 1\): 4 of 20 requests failed/);
});

test('exit policy: 2xx, 402 and 409 pass; other 4xx, 5xx and network errors fail', () => {
  const rows: [Outcome, number][] = [
    [{ status: 201 }, 0],
    [{ status: 402 }, 0],
    [{ status: 409 }, 0],
    [{ status: 404 }, 1],
    [{ status: 422 }, 1],
    [{ status: 500 }, 1],
    [{ status: 503 }, 1],
    [{ status: 302 }, 1],
    [{ error: 'TIMEOUT' }, 1],
  ];
  for (const [outcome, exitCode] of rows) {
    const summary = summarize(options(), statsOf([['orders', outcome, 5, 1]]), {
      elapsedMs: 10,
      interrupted: false,
    });
    assert.equal(summary.exitCode, exitCode, JSON.stringify(outcome));
  }
});

test('the JSON summary is one object that round-trips, with only the mixed endpoints', () => {
  const stats = createTrafficStats(['products']);
  stats.record('products', { status: 200 }, 1.2345);
  const summary = summarize(options(['--mix', '0:1', '--json']), stats, {
    elapsedMs: 1000,
    interrupted: false,
  });
  const json = JSON.stringify(summary);
  assert.doesNotMatch(json, /\n/);
  const parsed = JSON.parse(json);
  assert.deepEqual(parsed, summary);
  assert.deepEqual(Object.keys(parsed), [
    'target',
    'mode',
    'rate',
    'concurrency',
    'mix',
    'seed',
    'interrupted',
    'elapsedSeconds',
    'requests',
    'throughput',
    'errorsByStatus',
    'networkErrors',
    'failures',
    'abandoned',
    'lateStarts',
    'endpoints',
    'exitCode',
  ]);
  assert.equal(parsed.mix, '0:1');
  assert.equal(parsed.seed, null);
  assert.deepEqual(
    parsed.endpoints.map((endpoint: { endpoint: string }) => endpoint.endpoint),
    ['GET /api/products'],
  );
  // Below 2.048 ms the histogram is exact to the microsecond.
  assert.deepEqual(summary.endpoints[0]?.latencyMs, {
    p50: 1.235,
    p95: 1.235,
    p99: 1.235,
    max: 1.235,
  });
});
