/**
 * apiOf writes Jaeger v1's paths out by hand (error-shape.ts cannot import jaeger-api.ts, which
 * imports it), so this checks them against the routes jaeger-api.ts really answers: every path
 * it takes must get Jaeger's error shape, and every path apiOf calls Jaeger's must be under a
 * route of it (an unknown one there is Jaeger's 404).
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { createJaegerApiHandler } from '../query/jaeger/jaeger-api.js';
import { apiOf } from './error-shape.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
/** jaeger-api's routes first, then Jaeger's other v1 routes (should they be added), then neighbours. */
const PATHS = [
  '/api/services',
  '/api/services/frontend/operations',
  '/api/operations',
  '/api/traces',
  `/api/traces/${TRACE_ID}`,
  '/api/dependencies',
  `/api/archive/${TRACE_ID}`,
  '/api/quality-metrics',
  '/api/metrics/latencies',
  '/api/metrics/calls',
  '/api/metrics/errors',
  '/api/metrics/minstep',
  '/api/transform',
  '/api/services/',
  '/api/servicesx',
  '/api/services/a/b',
  '/api/operations/x',
  '/api/traces/a/b',
  '/api/dependenciesx',
  '/api/trace',
  '/api/search/traces',
  '/api/service-map',
  '/api/logs',
  '/api/v1/services',
  '/api/v3/services',
];

/** Whether jaeger-api takes `path`: a DELETE is answered 405 before any storage is read. */
async function taken(path: string): Promise<boolean> {
  const connection = new Proxy({} as DuckDBConnection, {
    get: () => {
      throw new Error('the probe must not reach storage');
    },
  });
  const request = { method: 'DELETE', url: path, headers: {}, resume() {} } as IncomingMessage;
  const response = { writeHead() {}, end() {}, setHeader() {} } as unknown as ServerResponse;
  return createJaegerApiHandler(connection)(request, response);
}

test("apiOf calls every jaeger-api route Jaeger's, and nothing outside them", async () => {
  const routes: string[] = [];
  for (const path of PATHS) if (await taken(path)) routes.push(path);
  for (const route of PATHS.slice(0, 6))
    assert.ok(routes.includes(route), `the probe finds ${route}`);
  const firstSegment = (path: string) => path.split('/')[2];
  const prefixes = new Set(routes.map(firstSegment));
  for (const path of PATHS) {
    const jaeger = apiOf(path) === 'jaeger';
    if (routes.includes(path)) assert.ok(jaeger, `${path} is a jaeger-api route`);
    else if (jaeger) assert.ok(prefixes.has(firstSegment(path)), `${path} is under no route`);
  }
});
