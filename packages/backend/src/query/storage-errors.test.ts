import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, test } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { createExportHandler } from './export/export-api.js';
import { createJaegerApiHandler } from './jaeger/jaeger-api.js';
import { createJaegerApiV3Handler } from './jaeger-v3/api-v3.js';
import { createLogsApiHandler } from './native/logs-api.js';
import { createTraceSearchHandler } from './native/search-api.js';
import { createServiceMapHandler } from './native/service-map-api.js';

/** What DuckDB says when a statement fails: SQL and paths the client has no business seeing. */
const SECRET = 'Parser Error: syntax error at or near "read_text(\'/etc/passwd\')"';
const failing = new Proxy({} as DuckDBConnection, {
  get: () => async () => {
    throw new Error(SECRET);
  },
});

let server: HandlerServer;
const logged: unknown[] = [];

before(async () => {
  const onError = (error: unknown) => logged.push(error);
  const handlers = [
    createJaegerApiV3Handler(failing, { onError }),
    createJaegerApiHandler(failing, { onError }),
    createLogsApiHandler(failing, { onError }),
    createTraceSearchHandler(failing, { onError }),
    createServiceMapHandler(failing, { onError }),
    createExportHandler(failing, { onError }),
  ];
  server = await serveHandler(async (request: IncomingMessage, response: ServerResponse) => {
    for (const handler of handlers) if (await handler(request, response)) return true;
    return false;
  });
});

after(() => server.close());

const WINDOW_V3 =
  'query.start_time_min=2024-01-01T00:00:00Z&query.start_time_max=2024-01-01T01:00:00Z';
const PATHS = [
  '/api/services',
  '/api/traces?service=shop',
  '/api/dependencies',
  '/api/v3/services',
  `/api/v3/traces?query.service_name=shop&${WINDOW_V3}`,
  '/api/logs',
  '/api/search/traces',
  '/api/service-map',
  '/api/export/traces/0000000000000000000000000000000a',
];

for (const path of PATHS) {
  test(`a storage failure on ${path} is a 500 that keeps DuckDB's message in the log`, async () => {
    logged.length = 0;
    const response = await fetch(`${server.url}${path}`);
    const body = await response.text();
    assert.equal(response.status, 500, body);
    assert.ok(!body.includes('Parser Error') && !body.includes('passwd'), body);
    assert.ok(body.length > 0 && body.length < 200, body);
    assert.equal(logged.length, 1);
    assert.equal((logged[0] as Error).message, SECRET);
  });
}
