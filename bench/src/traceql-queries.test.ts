import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BenchQuery, QUERIES, queryPath, readAnswer } from './traceql-queries.js';

const search = QUERIES.find((query) => query.figure === 'structural_p95_ms') as BenchQuery;
const metrics = QUERIES.find((query) => query.api === 'metrics') as BenchQuery;

test('every figure of the JSON line has one query, searches over 2 h and metrics over 1 h', () => {
  assert.deepEqual(
    QUERIES.map((query) => query.figure),
    ['filter_p95_ms', 'duration_p95_ms', 'structural_p95_ms', 'pipeline_p95_ms', 'metrics_p95_ms'],
  );
  for (const query of QUERIES) {
    assert.equal(query.windowSeconds, query.api === 'search' ? 7200 : 3600, query.q);
  }
});

test('queryPath asks Tempo search for 20 traces and metrics for a 60 s step, in seconds', () => {
  const cases: { query: BenchQuery; path: string; params: Record<string, string> }[] = [
    {
      query: search,
      path: '/api/search',
      params: { q: search.q, start: '1000', end: '8200', limit: '20' },
    },
    {
      query: metrics,
      path: '/api/metrics/query_range',
      params: { q: metrics.q, start: '4600', end: '8200', step: '60s' },
    },
  ];
  for (const { query, path, params } of cases) {
    const url = new URL(queryPath(query, 8200), 'http://localhost');
    assert.equal(url.pathname, path);
    assert.deepEqual(Object.fromEntries(url.searchParams), params);
  }
});

test('readAnswer counts the traces and spans of a search and the series of a metrics query', () => {
  const trace = (spans: number) => ({
    traceID: 'ab',
    spanSets: [{ spans: Array.from({ length: spans }, () => ({ spanID: 'cd' })), matched: 5 }],
  });
  assert.deepEqual(readAnswer(search, 200, JSON.stringify({ traces: [trace(3), trace(1)] })), {
    results: 2,
    text: '2 traces, 4 spans shown',
  });
  const series = { labels: [], samples: [{ timestampMs: '1', value: 0.2 }, {}] };
  assert.deepEqual(readAnswer(metrics, 200, JSON.stringify({ series: [series, series] })), {
    results: 2,
    text: '2 series, 4 samples',
  });
});

test('readAnswer fails on an error, an empty answer or another shape, saying which', () => {
  const cases: { query: BenchQuery; status: number; body: string; message: RegExp }[] = [
    { query: search, status: 400, body: 'parse error at line 1', message: /not 200: 400 parse/ },
    { query: search, status: 404, body: '404 page not found', message: /not 200: 404/ },
    { query: search, status: 200, body: '<html>', message: /not JSON: 200 <html>/ },
    { query: search, status: 200, body: '[]', message: /not a JSON object/ },
    { query: search, status: 200, body: '{"traces":{}}', message: /traces not an array/ },
    { query: search, status: 200, body: '{"traces":[]}', message: /no trace matched/ },
    { query: search, status: 200, body: '{"metrics":{}}', message: /no trace matched/ },
    { query: metrics, status: 200, body: '{"series":"x"}', message: /series not an array/ },
    { query: metrics, status: 200, body: '{"metrics":{}}', message: /no series with samples/ },
    { query: metrics, status: 200, body: '{"series":[]}', message: /no series with samples/ },
    {
      query: metrics,
      status: 200,
      body: '{"series":[{"labels":[],"samples":[]}]}',
      message: /no series with samples/,
    },
  ];
  for (const { query, status, body, message } of cases) {
    assert.throws(
      () => readAnswer(query, status, body),
      (error: unknown) =>
        error instanceof Error && error.message.startsWith(query.q) && message.test(error.message),
      body,
    );
  }
});
