import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SpanData } from '@otel-lab/otlp';
import { translateOtlpMetrics } from './otlp-metrics-to-samples.js';
import type { SampleBatch, SampleSink } from './sample.js';
import { ServiceGraphAggregator } from './service-graph.js';
import { createSpanDerivedMetrics } from './span-derived-metrics.js';
import { SpanMetricsAggregator } from './span-metrics.js';

const T0 = 1_700_000_000_000_000_000n;
const TRACE = '5b8efff798038103d269b633813fc60c';

function resourceOf(service: string) {
  return {
    attributes: [
      { key: 'service.name', value: { type: 'string' as const, value: service } },
      { key: 'service.instance.id', value: { type: 'string' as const, value: `${service}-1` } },
      { key: 'host.name', value: { type: 'string' as const, value: 'box' } },
    ],
    droppedAttributesCount: 0,
    schemaUrl: '',
  };
}
const resources = { shop: resourceOf('demo-app'), pay: resourceOf('payment-service') };

function span(overrides: Partial<SpanData> & { ms: number }): SpanData {
  const { ms, ...rest } = overrides;
  return {
    resource: resources.shop,
    scope: { name: 's', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' },
    traceId: TRACE,
    spanId: '0000000000000001',
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: 'GET /orders',
    kind: 2,
    startTimeUnixNano: T0,
    endTimeUnixNano: T0 + BigInt(Math.round(ms * 1e6)),
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 0, message: '' },
    ...rest,
  };
}

/** Series of a batch as `name{labels}` → value. */
function values(batch: SampleBatch): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of batch.series) {
    const { __name__, ...rest } = s.labels;
    const labels = Object.entries(rest).map(([k, v]) => `${k}=${v}`);
    out.set(`${__name__}{${labels.join(',')}}`, batch.values[s.first] as number);
  }
  return out;
}

describe('span metrics', () => {
  test('calls and duration series named as the spanmetrics connector → Prometheus', () => {
    const aggregator = new SpanMetricsAggregator();
    aggregator.add([
      span({ ms: 3, spanId: '00000000000000a1' }),
      span({ ms: 300, spanId: '00000000000000a2' }),
      span({ ms: 20, kind: 3, name: 'GET', status: { code: 2, message: 'x' } }),
    ]);
    const { batch } = translateOtlpMetrics(aggregator.collect(T0));
    const v = values(batch);
    const server =
      'instance=demo-app-1,job=demo-app,service_name=demo-app,span_kind=SPAN_KIND_SERVER,span_name=GET /orders,status_code=STATUS_CODE_UNSET';
    assert.equal(v.get(`traces_span_metrics_calls_total{${server}}`), 2);
    assert.equal(v.get(`traces_span_metrics_duration_seconds_count{${server}}`), 2);
    assert.ok(
      Math.abs((v.get(`traces_span_metrics_duration_seconds_sum{${server}}`) ?? 0) - 0.303) < 1e-9,
    );
    const bucket = (le: string) =>
      v.get(
        `traces_span_metrics_duration_seconds_bucket{instance=demo-app-1,job=demo-app,le=${le},service_name=demo-app,span_kind=SPAN_KIND_SERVER,span_name=GET /orders,status_code=STATUS_CODE_UNSET}`,
      );
    assert.equal(bucket('0.002'), 0);
    assert.equal(bucket('0.004'), 1);
    assert.equal(bucket('0.2'), 1);
    assert.equal(bucket('0.4'), 2);
    assert.equal(bucket('+Inf'), 2);
    assert.ok(
      [...v.keys()].some(
        (k) =>
          k.includes('span_kind=SPAN_KIND_CLIENT') && k.includes('status_code=STATUS_CODE_ERROR'),
      ),
    );
    assert.ok(![...v.keys()].some((k) => k.startsWith('target_info')), 'no target_info of its own');
    const withExemplars = batch.series.filter((s) => s.exemplars);
    assert.deepEqual(
      withExemplars.map((s) => [s.labels.le, s.exemplars?.map((e) => e.labels.span_id)]),
      [
        ['0.004', ['00000000000000a1']],
        ['0.4', ['00000000000000a2']],
        ['0.05', ['0000000000000001']],
      ],
    );
    assert.equal(withExemplars[0]?.exemplars?.[0]?.labels.trace_id, TRACE);
    assert.equal(withExemplars[0]?.exemplars?.[0]?.timestampMs, Number(T0 / 1_000_000n));
    const again = translateOtlpMetrics(aggregator.collect(T0 + 1n)).batch;
    assert.ok(!again.series.some((s) => s.exemplars), 'exemplars are handed out once');
    assert.deepEqual(
      batch.metadata.map((m) => [m.metric, m.type, m.unit]),
      [
        ['traces_span_metrics_calls_total', 'counter', ''],
        ['traces_span_metrics_duration_seconds', 'histogram', 'seconds'],
      ],
    );
  });

  test('series beyond the limit are dropped and counted', () => {
    const aggregator = new SpanMetricsAggregator({ maxSeries: 2 });
    aggregator.add(['a', 'b', 'c', 'a', 'd'].map((name) => span({ ms: 1, name })));
    assert.equal(aggregator.seriesCount, 2);
    assert.equal(aggregator.droppedSpans, 2);
  });
});

describe('service graph', () => {
  const client = (overrides: Partial<SpanData> = {}) =>
    span({ ms: 50, kind: 3, spanId: '00000000000000c1', name: 'POST', ...overrides });
  const server = (overrides: Partial<SpanData> = {}) =>
    span({
      ms: 40,
      kind: 2,
      resource: resources.pay,
      spanId: '00000000000000d1',
      parentSpanId: '00000000000000c1',
      ...overrides,
    });

  test('a client span and its child server span in another service make an edge', () => {
    const graph = new ServiceGraphAggregator();
    graph.add([server()], 0); // arrival order does not matter
    graph.add([client()], 1);
    graph.add([client({ spanId: '00000000000000c2', status: { code: 2, message: '' } })], 2);
    graph.add([server({ spanId: '00000000000000d2', parentSpanId: '00000000000000c2' })], 3);
    const v = values(translateOtlpMetrics(graph.collect(T0)).batch);
    const edge = 'client=demo-app,server=payment-service';
    assert.equal(v.get(`traces_service_graph_request_total{${edge}}`), 2);
    assert.equal(v.get(`traces_service_graph_request_failed_total{${edge}}`), 1);
    assert.equal(v.get(`traces_service_graph_request_server_seconds_count{${edge}}`), 2);
    assert.equal(
      v.get(
        `traces_service_graph_request_server_seconds_bucket{client=demo-app,le=0.05,server=payment-service}`,
      ),
      2,
    );
    assert.equal(
      v.get(
        `traces_service_graph_request_client_seconds_bucket{client=demo-app,le=0.05,server=payment-service}`,
      ),
      2,
    );
    assert.equal(
      v.get(
        `traces_service_graph_request_client_seconds_bucket{client=demo-app,le=0.01,server=payment-service}`,
      ),
      0,
    );
    assert.equal(graph.pendingEdges, 0);
  });

  test('a database call is an edge on its own; unmatched halves expire and are counted', () => {
    const graph = new ServiceGraphAggregator({ pendingTtlMs: 100 });
    const db = { key: 'db.name', value: { type: 'string' as const, value: 'orders' } };
    graph.add([client({ attributes: [db] }), client({ spanId: '00000000000000c9' })], 0);
    assert.equal(graph.pendingEdges, 1);
    graph.expire(150);
    assert.equal(graph.pendingEdges, 0);
    assert.equal(graph.expiredEdges, 1);
    const v = values(translateOtlpMetrics(graph.collect(T0)).batch);
    assert.equal(
      v.get(
        'traces_service_graph_request_total{client=demo-app,connection_type=database,server=orders}',
      ),
      1,
    );
  });

  test('the pending store is bounded', () => {
    const graph = new ServiceGraphAggregator({ maxPendingEdges: 2 });
    graph.add(
      ['01', '02', '03'].map((id) => client({ spanId: `00000000000000${id}` })),
      0,
    );
    assert.equal(graph.pendingEdges, 2);
    assert.equal(graph.droppedSpans, 1);
  });
});

describe('createSpanDerivedMetrics', () => {
  test('flushes on its interval with the current time and once more on stop', async () => {
    const batches: SampleBatch[] = [];
    const sink: SampleSink = { append: async (batch) => void batches.push(batch) };
    let now = 1_700_000_000_000;
    const stage = createSpanDerivedMetrics({ sink, flushIntervalMs: 20, now: () => now });
    stage.start();
    stage.consume([span({ ms: 5 })]);
    const deadline = Date.now() + 2000;
    while (batches.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    assert.ok(batches.length >= 1);
    assert.equal(batches[0]?.timestampsMs[0], 1_700_000_000_000);
    now += 1000;
    await stage.stop();
    const last = batches.at(-1);
    assert.equal(last?.timestampsMs[0], 1_700_000_001_000);
    const settled = batches.length;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(batches.length, settled, 'no flush after stop');
    assert.equal(stage.stats().spanMetricsSeries, 1);
  });

  test('a failing sink is reported, not thrown', async () => {
    const errors: unknown[] = [];
    const stage = createSpanDerivedMetrics({
      sink: { append: () => Promise.reject(new Error('disk full')) },
      onSinkError: (error) => errors.push(error),
    });
    stage.consume([span({ ms: 1 })]);
    await stage.flush();
    await stage.stop();
    assert.equal(errors.length, 2);
  });
});
