/**
 * OTLP exponential histograms through the backend as a process: received over OTLP/HTTP, stored
 * as native histograms, seen by the series, label and metadata endpoints, and answered by
 * /api/v1/query and query_range as Prometheus 3 answers them (through the query workers).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type BackendProcess, startBackendProcess } from '@otel-lab/testkit';

const MAIN = join(__dirname, 'main.js');
const NOW_S = Math.floor(Date.now() / 1000) - 30;

let backend: BackendProcess;

const OLD_S = NOW_S - 3 * 3600;

const point = (
  seconds: number,
  counts: string[],
  count: string,
  sum: number,
  route = '/orders',
) => ({
  timeUnixNano: String(BigInt(seconds) * 1_000_000_000n),
  attributes: [{ key: 'http.route', value: { stringValue: route } }],
  count,
  sum,
  scale: 0,
  zeroCount: '0',
  positive: { offset: 0, bucketCounts: counts },
});

const request = {
  resourceMetrics: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
      scopeMetrics: [
        {
          metrics: [
            {
              name: 'http.server.duration',
              unit: 's',
              description: 'Request latency.',
              exponentialHistogram: {
                aggregationTemporality: 2,
                dataPoints: [
                  point(NOW_S - 15, ['1', '2'], '3', 4),
                  point(NOW_S, ['2', '4'], '6', 8.5),
                  // Older than the recent window: read from the histogram_samples table.
                  point(OLD_S, ['5'], '5', 7, '/old'),
                ],
              },
            },
          ],
        },
      ],
    },
  ],
};

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'native-histograms-e2e-'));
  backend = await startBackendProcess(MAIN, ['--data-dir', dataDir]);
  const response = await fetch(`${backend.otlpHttpUrl}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {});
});

after(() => backend.stop());

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${backend.queryUrl}${path}`);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  assert.equal(body.status, 'success', body.error);
  return body.data;
}

const series = {
  __name__: 'http_server_duration_seconds',
  http_route: '/orders',
  job: 'shop',
};

test('series, labels, label values and metadata see a histogram-only series', async () => {
  const range = `start=${NOW_S - 60}&end=${NOW_S + 60}`;
  const match = 'match[]=http_server_duration_seconds';
  assert.deepEqual(await api(`/api/v1/series?${match}&${range}`), [series]);
  assert.deepEqual(await api(`/api/v1/labels?${match}&${range}`), [
    '__name__',
    'http_route',
    'job',
  ]);
  const names = await api<string[]>(`/api/v1/label/__name__/values?${range}`);
  assert.ok(names.includes('http_server_duration_seconds'));
  assert.ok(!names.some((name) => name.startsWith('http_server_duration_seconds_')), 'no _bucket');
  assert.deepEqual(await api('/api/v1/metadata?metric=http_server_duration_seconds'), {
    http_server_duration_seconds: [
      { type: 'histogram', help: 'Request latency.', unit: 'seconds' },
    ],
  });
});

test('/api/v1/query answers the histogram sample as Prometheus 3 writes it', async () => {
  const data = await api<{ resultType: string; result: unknown[] }>(
    `/api/v1/query?query=http_server_duration_seconds&time=${NOW_S + 1}`,
  );
  assert.deepEqual(data, {
    resultType: 'vector',
    result: [
      {
        metric: series,
        histogram: [
          NOW_S + 1,
          {
            count: '6',
            sum: '8.5',
            buckets: [
              [0, '1', '2', '2'],
              [0, '2', '4', '4'],
            ],
          },
        ],
      },
    ],
  });
});

test('a histogram older than the recent window is read from disk', async () => {
  const data = await api<{ result: { metric: { http_route: string }; histogram: unknown }[] }>(
    `/api/v1/query?query=http_server_duration_seconds&time=${OLD_S}`,
  );
  assert.deepEqual(
    data.result.map((s) => [s.metric.http_route, s.histogram]),
    [['/old', [OLD_S, { count: '5', sum: '7', buckets: [[0, '1', '2', '5']] }]]],
  );
});

test('/api/v1/query_range answers the histogram points in `histograms`', async () => {
  const data = await api<{ result: { histograms?: [number, { count: string }][] }[] }>(
    `/api/v1/query_range?query=http_server_duration_seconds&start=${NOW_S - 15}&end=${NOW_S}&step=15`,
  );
  assert.deepEqual(
    data.result.map((s) => s.histograms?.map(([t, h]) => [t, h.count])),
    [
      [
        [NOW_S - 15, '3'],
        [NOW_S, '6'],
      ],
    ],
  );
});
