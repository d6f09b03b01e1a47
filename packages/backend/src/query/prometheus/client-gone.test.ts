import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { createPrometheusApiHandler } from './prometheus-api.js';
import type { QueryRunner } from './query-runner.js';
import type { SeriesSource } from './series-source.js';

/** Queries that never answer by themselves: each ends only when its signal aborts. */
const aborted: string[] = [];
const runner: QueryRunner = {
  run: (query, signal) =>
    new Promise((_, reject) => {
      signal?.addEventListener('abort', () => {
        aborted.push(query.query);
        reject(new Error('stopped'));
      });
    }),
  selectors: async () => [],
};

let server: HandlerServer;
before(async () => {
  server = await serveHandler(
    createPrometheusApiHandler({
      source: {} as SeriesSource,
      connection: {} as never,
      metadata: {} as never,
      targets: () => [],
      runner,
      onError: (error) => assert.fail(String(error)),
    }),
  );
});
after(() => server.close());

test('a query whose client closes its connection is told to stop (its signal aborts)', async () => {
  for (const path of [
    '/api/v1/query?query=a',
    '/api/v1/query_range?query=b&start=0&end=60&step=15',
  ]) {
    const req = request(`${server.url}${path}`);
    req.on('error', () => {});
    req.end();
    await sleep(50);
    req.destroy();
  }
  for (let i = 0; i < 100 && aborted.length < 2; i++) await sleep(20);
  assert.deepEqual(aborted.sort(), ['a', 'b']);
});
