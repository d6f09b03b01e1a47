/**
 * The backend's APIs registered on one table as main.ts registers them (storage stubbed: a
 * lookup reads none): their routes and namespaces decide each path's API, and apiOf, the answer
 * for a request no route table has seen (error-shape.ts), must agree with them on every path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { registerMcpApi } from '../mcp/mcp-api.js';
import { registerExportApi } from '../query/export/export-api.js';
import { registerJaegerApi } from '../query/jaeger/jaeger-api.js';
import { registerJaegerApiV3 } from '../query/jaeger-v3/api-v3.js';
import { registerLokiApi } from '../query/loki/loki-api.js';
import { registerDashboardsApi } from '../query/native/dashboards-api.js';
import { registerLogsApi } from '../query/native/logs-api.js';
import { registerTraceSearchApi } from '../query/native/search-api.js';
import { registerServiceMapApi } from '../query/native/service-map-api.js';
import { registerPrometheusApi } from '../query/prometheus/prometheus-api.js';
import type { QueryRunner } from '../query/prometheus/query-runner.js';
import type { SeriesSource } from '../query/prometheus/series-source.js';
import { registerStatusApi, type StatusSource } from '../query/status-api.js';
import { registerTempoApi } from '../query/tempo/tempo-api.js';
import { registerImportApi } from '../receive/import-api.js';
import { apiOf } from './error-shape.js';
import { createQueryRouter } from './query-router.js';

/** Anything a registration keeps for later; reading it now fails the test. */
const unused = <T>() =>
  new Proxy({} as object, {
    get: (_, key) => {
      if (key === 'then') return undefined;
      throw new Error(`a lookup read ${String(key)}`);
    },
  }) as T;

function backendTable() {
  const router = createQueryRouter();
  const onError = () => {};
  registerPrometheusApi(router, {
    source: unused<SeriesSource>(),
    connection: unused<DuckDBConnection>(),
    runner: unused<QueryRunner>(),
    metadata: new Map(),
    targets: () => [],
    onError,
  });
  registerJaegerApi(router, unused<DuckDBConnection>(), { onError });
  registerJaegerApiV3(router, unused<DuckDBConnection>(), { onError });
  registerLogsApi(router, unused<DuckDBConnection>(), { onError });
  registerLokiApi(router, unused<DuckDBConnection>(), { onError, storage: unused() });
  registerTraceSearchApi(router, unused<DuckDBConnection>(), { onError });
  registerServiceMapApi(router, unused<DuckDBConnection>(), { onError });
  registerDashboardsApi(router, { dir: '/dashboards', list: () => [], get: () => undefined });
  registerImportApi(router, unused(), { maxBytes: 1, onError });
  registerExportApi(router, unused<DuckDBConnection>(), { onError });
  registerTempoApi(router, unused<DuckDBConnection>(), { onError });
  registerMcpApi(
    router,
    { readers: unused<DuckDBConnection>(), reader: unused<DuckDBConnection>() },
    { log: () => {} },
  );
  registerStatusApi(router, unused<StatusSource>(), unused(), new Date(), () => ({ deleted: {} }));
  return router;
}

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const rows: { path: string; api: string; known: boolean }[] = [
  ...[
    '/api/v1/query',
    '/api/v1/query_range',
    '/api/v1/series',
    '/api/v1/labels',
    '/api/v1/label/job/values',
    '/api/v1/query_exemplars',
    '/api/v1/metadata',
    '/api/v1/status/buildinfo',
    '/api/v1/targets',
    '/api/v1/rules',
    '/api/v1/alerts',
  ].map((path) => ({ path, api: 'prometheus', known: true })),
  ...['/api/v1/', '/api/v1/alertmanagers', '/api/v1/label//values', '/api/v1/%71uery'].map(
    (path) => ({
      path,
      api: 'prometheus',
      known: false,
    }),
  ),
  ...[
    '/api/services',
    '/api/services/frontend/operations',
    '/api/operations',
    '/api/traces',
    `/api/traces/${TRACE}`,
    '/api/dependencies',
  ].map((path) => ({ path, api: 'jaeger', known: true })),
  ...['/api/services/', '/api/services/a/b', '/api/traces/', '/api/traces/a/b'].map((path) => ({
    path,
    api: 'jaeger',
    known: false,
  })),
  ...['/api/v3/services', '/api/v3/operations', '/api/v3/traces', `/api/v3/traces/${TRACE}`].map(
    (path) => ({ path, api: 'jaeger-v3', known: true }),
  ),
  ...['/api/v3/', '/api/v3/traces/a/b'].map((path) => ({ path, api: 'jaeger-v3', known: false })),
  ...[
    '/loki/api/v1/query',
    '/loki/api/v1/query_range',
    '/loki/api/v1/labels',
    '/loki/api/v1/label/service_name/values',
    '/loki/api/v1/series',
    '/loki/api/v1/index/stats',
    '/loki/api/v1/detected_fields',
    '/loki/api/v1/status/buildinfo',
    '/ready',
  ].map((path) => ({ path, api: 'loki', known: true })),
  ...['/loki/api/v1/', '/loki/api/v1/tail', '/loki/api/v1/label//values'].map((path) => ({
    path,
    api: 'loki',
    known: false,
  })),
  ...['/api/echo', '/api/status/buildinfo', `/api/v2/traces/${TRACE}`].map((path) => ({
    path,
    api: 'tempo',
    known: true,
  })),
  ...['/api/v2/traces/', `/api/v2/traces/${TRACE}/x`].map((path) => ({
    path,
    api: 'tempo',
    known: false,
  })),
  ...[
    '/api/logs',
    '/api/search/traces',
    '/api/service-map',
    '/api/dashboards',
    '/api/dashboards/lab',
    '/api/import',
    '/api/import/openmetrics',
    '/api/export',
    `/api/export/traces/${TRACE}`,
    '/api/status',
    '/-/ready',
    '/-/healthy',
    '/mcp',
  ].map((path) => ({ path, api: 'native', known: true })),
];
const unrouted = [
  '/',
  '/search',
  '/api/servicesx',
  '/api/v1',
  '/api/operations/x',
  '/lokix',
  '/api/echox',
  '/api/v2/tracesx',
];

test('every route and namespace of the backend has its API; apiOf agrees on every path', () => {
  const router = backendTable();
  for (const row of rows) {
    const match = router.find('GET', row.path);
    assert.equal(match?.api, row.api, row.path);
    assert.equal(match?.known, row.known, row.path);
    assert.equal(apiOf(row.path), row.api, `apiOf ${row.path}`);
  }
  for (const path of unrouted) {
    assert.equal(router.find('GET', path), undefined, path);
    assert.equal(apiOf(path), 'native', `apiOf ${path}`);
  }
});
