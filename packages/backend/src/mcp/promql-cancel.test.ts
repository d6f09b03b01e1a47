/**
 * An agent that goes away mid-query (its HTTP request closed) stops the PromQL query behind
 * query_promql, as a client that leaves /api/v1/query does: the workers are not held for a
 * question nobody will read.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PromqlError } from '@otel-lab/promql';
import { DEFAULT_QUERY_LIMITS } from '../query/prometheus/query-limits.js';
import type { QueryRunner } from '../query/prometheus/query-runner.js';
import { createHostPolicy } from '../serve/host-policy.js';
import { createQueryPortHandler } from '../serve/query-port.js';
import { createQueryRouter } from '../serve/query-router.js';
import { openTelemetryStore } from '../storage/telemetry-store.js';
import { registerMcpApi } from './mcp-api.js';

test('query_promql stops its query when the agent’s request goes away', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-cancel-'));
  const store = await openTelemetryStore({ dataDir });
  let called: (signal: AbortSignal | undefined) => void = () => undefined;
  const running = new Promise<AbortSignal | undefined>((resolve) => {
    called = resolve;
  });
  // A query that runs until it is cancelled, as a long one does on the worker pool.
  const runner: QueryRunner = {
    run: (_request, signal) =>
      new Promise((_, reject) => {
        called(signal);
        signal?.addEventListener('abort', () => reject(new PromqlError('canceled', 'canceled')));
      }),
    selectors: async () => [],
  };
  const router = createQueryRouter();
  const metrics = { runner, limits: DEFAULT_QUERY_LIMITS, metadata: new Map() };
  registerMcpApi(
    router,
    { readers: store.readers, reader: store.reader, metrics },
    { log: () => {} },
  );
  const server = createServer(
    createQueryPortHandler({ router, log: () => {}, hosts: createHostPolicy([]) }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const call = request({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      path: '/mcp',
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
    });
    call.on('error', () => undefined); // the test closes it
    call.end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'query_promql', arguments: { query: 'up' } },
      }),
    );
    const signal = await running;
    assert.ok(signal, 'the query runs with a signal');
    assert.equal(signal.aborted, false);
    call.destroy();
    if (!signal.aborted) await once(signal, 'abort');
    assert.equal(signal.aborted, true);
  } finally {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
