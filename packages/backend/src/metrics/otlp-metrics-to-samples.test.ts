import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeMetricsJson } from '@otel-lab/otlp';
import { translateOtlpMetrics } from './otlp-metrics-to-samples.js';
import { isStaleAt, type SampleBatch } from './sample.js';

const T_NS = '1700000000000000000'; // 1700000000000 ms
const T_MS = 1_700_000_000_000;

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

function decode(metrics: unknown[], resource: unknown[] = [str('service.name', 'shop')]) {
  const body = {
    resourceMetrics: [{ resource: { attributes: resource }, scopeMetrics: [{ metrics }] }],
  };
  const decoded = decodeMetricsJson(JSON.stringify(body));
  assert.equal(decoded.rejected, 0, decoded.rejectionReason);
  return decoded.items;
}

/** `name{a=b,…}` → value (or "stale"), one row per series entry. */
function rows(batch: SampleBatch): [string, number | string, number][] {
  return batch.series.map((s) => {
    const { __name__, ...rest } = s.labels;
    const labels = Object.entries(rest).map(([k, v]) => `${k}=${v}`);
    const value = isStaleAt(batch.values, s.first) ? 'stale' : (batch.values[s.first] as number);
    return [`${__name__}{${labels.join(',')}}`, value, batch.timestampsMs[s.first] as number];
  });
}

describe('translateOtlpMetrics', () => {
  test('a monotonic cumulative sum: _total, sanitised labels, job and exemplars', () => {
    const { batch, warnings } = translateOtlpMetrics(
      decode(
        [
          {
            name: 'app.requests',
            unit: '{request}',
            description: 'Requests served.',
            sum: {
              aggregationTemporality: 2,
              isMonotonic: true,
              dataPoints: [
                {
                  attributes: [
                    str('http.method', 'GET'),
                    str('job', 'ignored'),
                    str('http_method', 'x'),
                  ],
                  timeUnixNano: T_NS,
                  asInt: '42',
                  exemplars: [
                    {
                      timeUnixNano: T_NS,
                      asDouble: 1,
                      traceId: '5b8efff798038103d269b633813fc60c',
                      spanId: 'eee19b7ec3c1b174',
                    },
                  ],
                },
              ],
            },
          },
        ],
        [
          str('service.name', 'shop'),
          str('service.namespace', 'lab'),
          str('service.instance.id', 'i-1'),
        ],
      ),
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(rows(batch), [
      ['app_requests_total{http_method=GET;x,instance=i-1,job=lab/shop}', 42, T_MS],
    ]);
    assert.deepEqual(batch.series[0]?.exemplars, [
      {
        labels: { span_id: 'eee19b7ec3c1b174', trace_id: '5b8efff798038103d269b633813fc60c' },
        value: 1,
        timestampMs: T_MS,
      },
    ]);
    assert.deepEqual(batch.metadata, [
      { metric: 'app_requests_total', type: 'counter', help: 'Requests served.', unit: '' },
    ]);
  });

  test('gauges: unit 1 gets _ratio; no-recorded-value points become StaleNaN', () => {
    const { batch } = translateOtlpMetrics(
      decode([
        {
          name: 'cpu.utilization',
          unit: '1',
          gauge: {
            dataPoints: [
              { timeUnixNano: T_NS, asDouble: 0.5 },
              { timeUnixNano: T_NS, asDouble: 0, flags: 1, attributes: [str('cpu', '1')] },
            ],
          },
        },
        {
          name: 'queue.size',
          sum: {
            aggregationTemporality: 2,
            isMonotonic: false,
            dataPoints: [{ timeUnixNano: T_NS, asInt: 3 }],
          },
        },
      ]),
    );
    assert.deepEqual(rows(batch), [
      ['cpu_utilization_ratio{job=shop}', 0.5, T_MS],
      ['cpu_utilization_ratio{cpu=1,job=shop}', 'stale', T_MS],
      ['queue_size{job=shop}', 3, T_MS],
    ]);
    assert.deepEqual(
      batch.metadata.map((m) => [m.metric, m.type]),
      [
        ['cpu_utilization_ratio', 'gauge'],
        ['queue_size', 'gauge'],
      ],
    );
  });

  test('a histogram: cumulative buckets with le in Go form, _sum, _count, exemplars by bucket', () => {
    const { batch } = translateOtlpMetrics(
      decode([
        {
          name: 'http.server.request.duration',
          unit: 's',
          histogram: {
            aggregationTemporality: 2,
            dataPoints: [
              {
                timeUnixNano: T_NS,
                count: '6',
                sum: 2.5,
                bucketCounts: ['1', '2', '3'],
                explicitBounds: [0.005, 1e-7 * 1e7],
                exemplars: [
                  { timeUnixNano: '0', asDouble: 7, traceId: '5b8efff798038103d269b633813fc60c' },
                  { timeUnixNano: '0', asDouble: 0.5, traceId: '5b8efff798038103d269b633813fc60d' },
                ],
              },
            ],
          },
        },
      ]),
    );
    const name = 'http_server_request_duration_seconds';
    assert.deepEqual(rows(batch), [
      [`${name}_sum{job=shop}`, 2.5, T_MS],
      [`${name}_count{job=shop}`, 6, T_MS],
      [`${name}_bucket{job=shop,le=0.005}`, 1, T_MS],
      [`${name}_bucket{job=shop,le=1}`, 3, T_MS],
      [`${name}_bucket{job=shop,le=+Inf}`, 6, T_MS],
    ]);
    assert.deepEqual(
      batch.series.map((s) => s.exemplars?.map((e) => e.value)),
      [undefined, undefined, undefined, [0.5], [7]],
    );
    assert.equal(batch.series[4]?.exemplars?.[0]?.timestampMs, undefined, 'no time, none kept');
  });

  test('a summary: quantile series, _sum and _count', () => {
    const { batch } = translateOtlpMetrics(
      decode([
        {
          name: 'rpc.latency',
          unit: 'ms',
          summary: {
            dataPoints: [
              {
                timeUnixNano: T_NS,
                count: 4,
                sum: 10,
                quantileValues: [
                  { quantile: 0.5, value: 2 },
                  { quantile: 1, value: 5 },
                ],
              },
            ],
          },
        },
      ]),
    );
    assert.deepEqual(rows(batch), [
      ['rpc_latency_milliseconds_sum{job=shop}', 10, T_MS],
      ['rpc_latency_milliseconds_count{job=shop}', 4, T_MS],
      ['rpc_latency_milliseconds{job=shop,quantile=0.5}', 2, T_MS],
      ['rpc_latency_milliseconds{job=shop,quantile=1}', 5, T_MS],
    ]);
  });

  test('delta temporality is left out with a warning (exponential histograms aside)', () => {
    const { batch, warnings, droppedPoints } = translateOtlpMetrics(
      decode([
        {
          name: 'delta.calls',
          sum: {
            aggregationTemporality: 1,
            isMonotonic: true,
            dataPoints: [{ timeUnixNano: T_NS, asInt: 1 }],
          },
        },
      ]),
    );
    assert.deepEqual(rows(batch), []);
    assert.equal(droppedPoints, 1);
    assert.deepEqual(warnings, [
      'invalid temporality and type combination for metric "delta.calls"',
    ]);
  });

  test('target_info carries the other resource attributes from the earliest to the latest point', () => {
    const later = (BigInt(T_NS) + 400_000_000_000n).toString(); // +400 s
    const { batch } = translateOtlpMetrics(
      decode(
        [
          {
            name: 'g',
            gauge: {
              dataPoints: [
                { timeUnixNano: T_NS, asInt: 1 },
                { timeUnixNano: later, asInt: 2 },
              ],
            },
          },
        ],
        [
          str('service.name', 'shop'),
          str('service.instance.id', 'i-1'),
          str('host.name', 'box'),
          { key: 'process.pid', value: { intValue: '12' } },
        ],
      ),
    );
    const info = rows(batch).filter(([name]) => name.startsWith('target_info'));
    assert.deepEqual(info, [
      ['target_info{host_name=box,instance=i-1,job=shop,process_pid=12}', 1, T_MS],
      ['target_info{host_name=box,instance=i-1,job=shop,process_pid=12}', 1, T_MS + 150_000],
      ['target_info{host_name=box,instance=i-1,job=shop,process_pid=12}', 1, T_MS + 300_000],
      ['target_info{host_name=box,instance=i-1,job=shop,process_pid=12}', 1, T_MS + 400_000],
    ]);
  });

  test('target_info over a huge time range is bounded to the latest 100 samples', () => {
    const { batch } = translateOtlpMetrics(
      decode(
        [
          {
            name: 'g',
            gauge: {
              dataPoints: [
                { timeUnixNano: '1', asInt: 1 },
                { timeUnixNano: T_NS, asInt: 2 },
              ],
            },
          },
        ],
        [str('service.name', 'shop'), str('host.name', 'box')],
      ),
    );
    const info = rows(batch).filter(([name]) => name.startsWith('target_info'));
    assert.equal(info.length, 100);
    assert.equal(info.at(-1)?.[2], T_MS);
    assert.equal(info[0]?.[2], T_MS - 99 * 150_000);
  });

  test('no target_info when only identifying attributes are present', () => {
    const { batch } = translateOtlpMetrics(
      decode([{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: T_NS, asInt: 1 }] } }]),
    );
    assert.deepEqual(
      rows(batch).map(([name]) => name),
      ['g{job=shop}'],
    );
  });
});
