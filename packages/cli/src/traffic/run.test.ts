import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { parseTrafficArgs } from './options.js';
import { runTraffic } from './run.js';

// A server that answers everything after 50 ms, on the real clock.
let server: Server;
let target: string;
before(async () => {
  server = createServer((_request, response) => {
    setTimeout(() => response.writeHead(200).end('{}'), 50);
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  target = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => server.close());

function run(argv: string[]) {
  const options = parseTrafficArgs(['--target', target, ...argv]);
  assert.ok('target' in options);
  const never = new AbortController().signal;
  return runTraffic(options, { stop: never, cancel: never });
}

test('open loop, real clock: a server slower than the schedule shows in the latency', async () => {
  // 20 requests due 10 ms apart, one at a time, each taking 50 ms: request i waits about 40·i ms
  // for its turn. A closed loop would report about 50 ms for every one of them.
  const summary = await run(['--rate', '100', '--concurrency', '1', '--iterations', '10']);
  assert.equal(summary.requests, 20);
  assert.equal(summary.exitCode, 0);
  assert.ok(summary.lateStarts >= 15, `late starts: ${summary.lateStarts}`);
  const max = Math.max(...summary.endpoints.map((endpoint) => endpoint.latencyMs.max));
  assert.ok(max >= 600, `the last request waited its turn: max ${max} ms`);
  assert.ok(summary.elapsedSeconds >= 0.9, `${summary.elapsedSeconds} s`);
});

test('open loop, real clock: enough concurrency keeps the schedule', async () => {
  const summary = await run(['--rate', '100', '--concurrency', '20', '--iterations', '10']);
  assert.equal(summary.requests, 20);
  assert.equal(summary.lateStarts, 0);
  const p50 = Math.max(...summary.endpoints.map((endpoint) => endpoint.latencyMs.p50));
  // No late start is the schedule kept; the latency is the server's 50 ms, with room for a
  // loaded machine (one at a time, the median request would wait about 450 ms).
  assert.ok(p50 >= 50 && p50 < 1_000, `p50 ${p50} ms`);
  // 20 requests at 100/s take about 0.19 s plus the last answer's 50 ms.
  assert.ok(summary.elapsedSeconds < 1.5, `${summary.elapsedSeconds} s`);
});
