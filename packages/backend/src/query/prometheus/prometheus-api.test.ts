import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { sortedLabels } from '../../metrics/sample.js';
import { SampleBatchBuilder } from '../../metrics/sample-batch-builder.js';
import type { TargetHealth } from '../../metrics/scrape-loop.js';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createPrometheusApiHandler } from './prometheus-api.js';
import { createSeriesSource } from './series-source.js';

let store: TelemetryStore;
let server: HandlerServer;
let base: string;
const errors: unknown[] = [];

const TARGET: TargetHealth = {
  discoveredLabels: { __address__: 'localhost:8080' },
  labels: { instance: 'localhost:8080', job: 'demo-app' },
  scrapePool: 'demo-app',
  scrapeUrl: 'http://localhost:8080/metrics',
  globalUrl: 'http://localhost:8080/metrics',
  lastError: '',
  lastScrape: '0001-01-01T00:00:00Z',
  lastScrapeDuration: 0,
  health: 'unknown',
  scrapeInterval: '15s',
  scrapeTimeout: '10s',
};

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'prom-api-')) });
  const builder = new SampleBatchBuilder();
  const add = (labels: Record<string, string>, tSeconds: number) =>
    builder.add(sortedLabels(Object.entries(labels)), tSeconds * 1000, 1);
  add({ __name__: 'up', job: 'demo-app', instance: 'a:1' }, 100);
  add({ __name__: 'up', job: 'payment', instance: 'b:2' }, 200);
  add({ __name__: 'http_requests_total', job: 'demo-app', code: '200' }, 300);
  builder.add(sortedLabels(Object.entries({ __name__: 'latency_bucket', le: '0.1' })), 400_000, 3, [
    {
      labels: { span_id: '00f067aa0ba902b7', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
      value: 0.0000001,
      timestampMs: 399_500,
    },
    { labels: { trace_id: 'ab' }, value: 0.05 },
  ]);
  builder.addMetadata({ metric: 'up', type: 'gauge', help: 'Target up.', unit: '' });
  builder.addMetadata({
    metric: 'http_requests_total',
    type: 'counter',
    help: 'Requests.',
    unit: '',
  });
  await store.writeSamples(builder.build());
  const handler = createPrometheusApiHandler({
    source: createSeriesSource(store.reader, store.metrics.series),
    connection: store.reader,
    metadata: store.metrics.metadata,
    targets: () => [TARGET],
    onError: (error) => errors.push(error),
  });
  server = await serveHandler(handler);
  base = server.url;
});

after(async () => {
  await server.close();
  store.close();
  assert.deepEqual(errors, []);
});

const UP_A = { __name__: 'up', instance: 'a:1', job: 'demo-app' };
const UP_B = { __name__: 'up', instance: 'b:2', job: 'payment' };
const REQUESTS = { __name__: 'http_requests_total', code: '200', job: 'demo-app' };
const q = (params: Record<string, string | string[]>) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const v of [value].flat()) search.append(name, v);
  }
  return `?${search}`;
};
const ok = (data: unknown, warnings?: string[]) => ({
  status: 200,
  body: warnings ? { status: 'success', data, warnings } : { status: 'success', data },
});
const bad = (error: string, status = 400) => ({
  status,
  body: { status: 'error', errorType: 'bad_data', error },
});

const CASES: {
  name: string;
  path: string;
  form?: string;
  expected: { status: number; body: unknown };
}[] = [
  {
    name: 'series by name',
    path: `/api/v1/series${q({ 'match[]': 'up' })}`,
    expected: ok([UP_A, UP_B]),
  },
  {
    name: 'series: union of selectors, sorted by labels',
    path: `/api/v1/series${q({ 'match[]': ['{job="demo-app"}', 'up{instance=~"b.*"}'] })}`,
    expected: ok([REQUESTS, UP_A, UP_B]),
  },
  {
    name: 'series in a range (unix seconds and RFC 3339)',
    path: `/api/v1/series${q({ 'match[]': 'up', start: '150', end: '1970-01-01T00:04:10Z' })}`,
    expected: ok([UP_B]),
  },
  {
    name: 'series with a limit warns',
    path: `/api/v1/series${q({ 'match[]': '{__name__=~".+"}', limit: '1' })}`,
    expected: ok([REQUESTS], ['results truncated due to limit']),
  },
  {
    name: 'series by POST form',
    path: '/api/v1/series',
    form: 'match[]=up%7Bjob%3D%22payment%22%7D',
    expected: ok([UP_B]),
  },
  {
    name: 'series without match[]',
    path: '/api/v1/series',
    expected: bad('no match[] parameter provided'),
  },
  {
    name: 'series with a bad selector',
    path: `/api/v1/series${q({ 'match[]': 'up{job=}' })}`,
    expected: bad(
      'invalid parameter "match[]": 1:8: parse error: unexpected "}" in label matching, expected string',
    ),
  },
  {
    name: 'series with an empty-matching selector',
    path: `/api/v1/series${q({ 'match[]': '{job=~".*"}' })}`,
    expected: bad(
      'invalid parameter "match[]": match[] must contain at least one non-empty matcher',
    ),
  },
  {
    name: 'series with a bad time',
    path: `/api/v1/series${q({ 'match[]': 'up', start: 'yesterday' })}`,
    expected: bad(
      'invalid parameter "start": Invalid time value for \'start\': cannot parse "yesterday" to a valid timestamp',
    ),
  },
  {
    name: 'series with end before start: empty, as Prometheus answers',
    path: `/api/v1/series${q({ 'match[]': 'up', start: '10', end: '5' })}`,
    expected: ok([]),
  },
  {
    name: 'label names',
    path: '/api/v1/labels',
    expected: ok(['__name__', 'code', 'instance', 'job', 'le']),
  },
  {
    name: 'label names of matched series',
    path: `/api/v1/labels${q({ 'match[]': 'up' })}`,
    expected: ok(['__name__', 'instance', 'job']),
  },
  { name: 'label values', path: '/api/v1/label/job/values', expected: ok(['demo-app', 'payment']) },
  {
    name: '__name__ values in a range',
    path: `/api/v1/label/__name__/values${q({ start: '250', end: '350' })}`,
    expected: ok(['http_requests_total']),
  },
  { name: 'values of an unknown label', path: '/api/v1/label/nope/values', expected: ok([]) },
  {
    name: 'values of an invalid label name',
    path: '/api/v1/label/1bad/values',
    expected: bad('invalid label name: "1bad"'),
  },
  {
    name: 'a negative limit',
    path: `/api/v1/labels${q({ limit: '-1' })}`,
    expected: bad('invalid parameter "limit": limit must be non-negative'),
  },
  {
    name: 'a limit that is no number',
    path: `/api/v1/series${q({ 'match[]': 'up', limit: 'x' })}`,
    expected: bad('invalid parameter "limit": strconv.Atoi: parsing "x": invalid syntax'),
  },
  {
    name: 'metadata with a bad limit',
    path: `/api/v1/metadata${q({ limit: 'x' })}`,
    expected: bad('limit must be a number'),
  },
  { name: 'metadata with limit 0', path: `/api/v1/metadata${q({ limit: '0' })}`, expected: ok({}) },
  {
    name: 'exemplars of a selector',
    path: `/api/v1/query_exemplars${q({ query: 'latency_bucket{le="0.1"}', start: '399', end: '401' })}`,
    expected: ok([
      {
        seriesLabels: { __name__: 'latency_bucket', le: '0.1' },
        exemplars: [
          {
            labels: { span_id: '00f067aa0ba902b7', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
            value: '1e-07',
            timestamp: 399.5,
          },
          { labels: { trace_id: 'ab' }, value: '0.05', timestamp: 400 },
        ],
      },
    ]),
  },
  {
    name: 'exemplars outside the range',
    path: `/api/v1/query_exemplars${q({ query: 'latency_bucket', start: '401' })}`,
    expected: ok([]),
  },
  {
    name: 'exemplars with end before start',
    path: `/api/v1/query_exemplars${q({ query: 'up', start: '2', end: '1' })}`,
    expected: bad('end timestamp must not be before start timestamp'),
  },
  {
    name: 'exemplars of a bad query',
    path: `/api/v1/query_exemplars${q({ query: 'up{' })}`,
    expected: bad('1:4: parse error: unexpected end of input inside braces'),
  },
  {
    name: 'metadata',
    path: '/api/v1/metadata',
    expected: ok({
      http_requests_total: [{ type: 'counter', help: 'Requests.', unit: '' }],
      up: [{ type: 'gauge', help: 'Target up.', unit: '' }],
    }),
  },
  {
    name: 'metadata of one metric',
    path: `/api/v1/metadata${q({ metric: 'up' })}`,
    expected: ok({ up: [{ type: 'gauge', help: 'Target up.', unit: '' }] }),
  },
  {
    name: 'targets',
    path: '/api/v1/targets',
    expected: ok({
      activeTargets: [TARGET],
      droppedTargets: [],
      droppedTargetCounts: { 'demo-app': 0 },
    }),
  },
  {
    name: 'dropped targets only',
    path: `/api/v1/targets${q({ state: 'dropped' })}`,
    expected: ok({ activeTargets: [], droppedTargets: [], droppedTargetCounts: { 'demo-app': 0 } }),
  },
];

for (const { name, path, form, expected } of CASES) {
  test(name, async () => {
    const response = await fetch(
      `${base}${path}`,
      form
        ? {
            method: 'POST',
            body: form,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }
        : {},
    );
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.deepEqual({ status: response.status, body: await response.json() }, expected);
  });
}

test('build info names the Prometheus API version followed', async () => {
  const body = (await (await fetch(`${base}/api/v1/status/buildinfo`)).json()) as {
    data: Record<string, string>;
  };
  assert.match(body.data.version ?? '', /^3\./);
  assert.match(body.data.revision ?? '', /^otel-lab /);
});

test('HEAD is answered wherever GET is, without a body', async () => {
  for (const path of ['/api/v1/labels', '/api/v1/query?query=1', '/api/v1/status/buildinfo']) {
    const response = await fetch(`${base}${path}`, { method: 'HEAD' });
    assert.equal(response.status, 200, path);
    assert.equal(await response.text(), '');
  }
});

test('a bad percent-escape in a label name is bad_data, not a crash', async () => {
  const response = await fetch(`${base}/api/v1/label/%E0/values`);
  assert.equal(response.status, 400);
  assert.equal(((await response.json()) as { errorType: string }).errorType, 'bad_data');
});

test('a method the route does not take is 405; other paths are left to later handlers', async () => {
  const response = await fetch(`${base}/api/v1/metadata`, { method: 'DELETE' });
  assert.equal(response.status, 405);
  assert.equal(response.headers.get('allow'), 'GET, HEAD');
  assert.equal(await response.text(), 'Method Not Allowed\n');
  const query = await fetch(`${base}/api/v1/query`, { method: 'PUT' });
  assert.equal(query.headers.get('allow'), 'GET, HEAD, POST');
  const other = await fetch(`${base}/api/v1/alertmanagers`);
  assert.equal(await other.text(), 'not mine');
});

test('OPTIONS on any /api/v1 path is 204, as Prometheus answers it, never 405', async () => {
  for (const path of ['/api/v1/query', '/api/v1/metadata', '/api/v1/alerts']) {
    const response = await fetch(`${base}${path}`, { method: 'OPTIONS' });
    assert.equal(response.status, 204, path);
  }
});
