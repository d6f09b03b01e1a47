/** Canned answers of the lab's APIs, for testing the checks without servers. */
import { TRACEQL } from '../checks/traceql.js';
import type { GetJson, HttpResult } from '../http.js';
import type { JaegerSpan, JaegerTrace } from '../jaeger-api.js';
import type { TempoSeries, TempoTrace } from '../tempo-api.js';

export const NOW_MS = 1_800_000_000_000;
export const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

/**
 * A span of `trace` in `process` (p1 demo-app, p2 payment-service), its parent by id, 30 s old:
 * long enough for all its spans to have arrived.
 */
export function span(id: string, name: string, process: string, parent?: string): JaegerSpan {
  return {
    spanID: id,
    operationName: name,
    processID: process,
    startTime: (NOW_MS - 30_000) * 1000 + Number.parseInt(id, 16),
    duration: 1000,
    references: parent ? [{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: parent }] : [],
  };
}

/** The lab's POST /api/orders trace: 8 spans, 6 in demo-app and 2 in payment-service. */
export function orderTrace(traceId = TRACE_ID, spans?: JaegerSpan[]): JaegerTrace {
  return {
    traceID: traceId,
    processes: { p1: { serviceName: 'demo-app' }, p2: { serviceName: 'payment-service' } },
    spans: spans ?? [
      span('a1', 'POST /api/orders', 'p1'),
      span('a2', 'process_order', 'p1', 'a1'),
      span('a3', 'validate_order', 'p1', 'a2'),
      span('a4', 'process_payment', 'p1', 'a2'),
      span('a5', 'POST', 'p1', 'a4'),
      span('b1', 'POST /api/charge', 'p2', 'a5'),
      span('b2', 'charge', 'p2', 'b1'),
      span('a6', 'update_inventory', 'p1', 'a2'),
    ],
  };
}

const vector = (samples: [Record<string, string>, string][]) => ({
  status: 'success',
  data: {
    resultType: 'vector',
    result: samples.map(([metric, value]) => ({ metric, value: [NOW_MS / 1000, value] })),
  },
});

/** Any query not listed answers one sample of 1. */
export const LIVELY_QUERIES: Record<string, [Record<string, string>, string][]> = {
  'max by (job) (up{job=~"demo-app|payment-service"})': [
    [{ job: 'demo-app' }, '1'],
    [{ job: 'payment-service' }, '1'],
  ],
  'count by (job) ({job=~"demo-app|payment-service"})': [
    [{ job: 'demo-app' }, '300'],
    [{ job: 'payment-service' }, '150'],
  ],
};

/** A Tempo search answer's trace, with one matched span of `ms`. */
export function tempoTrace(traceId: string, spanName: string, ms: number): TempoTrace {
  return {
    traceID: traceId,
    rootServiceName: 'demo-app',
    rootTraceName: 'POST /api/orders',
    durationMs: ms + 40,
    spanSets: [
      { spans: [{ spanID: 'b2', name: spanName, durationNanos: `${ms * 1e6}` }], matched: 1 },
    ],
  };
}

export interface CannedLab {
  /** Prometheus answers per query; a query absent here answers `otherQueries`. */
  queries: Record<string, [Record<string, string>, string][]>;
  otherQueries: [Record<string, string>, string][];
  services: string[];
  traces: JaegerTrace[];
  logs: { service: string; traceId: string; body: { stringValue: string } }[];
  /** Tempo search answers per TraceQL query; a query absent here answers no traces. */
  traceql: Record<string, TempoTrace[]>;
  /** Tempo's metrics query_range answer, whatever the query. */
  traceqlSeries: TempoSeries[];
  /** Paths (without query) that cannot be reached. */
  down: string[];
}

export function lively(): CannedLab {
  return {
    queries: { ...LIVELY_QUERIES },
    otherQueries: [[{ endpoint: '/api/orders' }, '1']],
    services: ['demo-app', 'payment-service'],
    traces: [orderTrace()],
    logs: [{ service: 'demo-app', traceId: TRACE_ID, body: { stringValue: 'order created' } }],
    traceql: {
      [TRACEQL.orderCharge]: [tempoTrace(TRACE_ID, 'charge', 123)],
      [TRACEQL.slowPayments]: [tempoTrace('1f2e3d', 'process_payment', 712)],
    },
    traceqlSeries: [
      {
        labels: [],
        samples: [
          { timestampMs: String(NOW_MS - 120_000), value: 0.25 },
          { timestampMs: String(NOW_MS - 60_000), value: 0.712 },
        ],
      },
    ],
    down: [],
  };
}

/** A GetJson answering from `lab`, recording every URL asked. */
export function cannedGet(lab: CannedLab, asked: string[] = []): GetJson {
  return async (raw): Promise<HttpResult> => {
    asked.push(raw);
    const url = new URL(raw);
    if (lab.down.some((path) => url.pathname.startsWith(path) || url.origin === path)) {
      return { error: `cannot reach ${url.origin} (GET ${url.pathname}): ECONNREFUSED` };
    }
    const path = url.pathname;
    if (path === '/health') return { status: 200, body: { status: 'healthy' } };
    if (path === '/api/v1/query') {
      const query = url.searchParams.get('query') ?? '';
      return { status: 200, body: vector(lab.queries[query] ?? lab.otherQueries) };
    }
    if (path.startsWith('/api/v1/label/')) {
      return { status: 200, body: { status: 'success', data: ['/api/orders', '/api/products'] } };
    }
    if (path === '/api/services') return { status: 200, body: { data: lab.services } };
    if (path === '/api/traces') {
      const service = url.searchParams.get('service');
      const traces = lab.traces.filter((trace) =>
        trace.spans.some((s) => trace.processes[s.processID]?.serviceName === service),
      );
      return { status: 200, body: { data: traces } };
    }
    if (path === '/api/logs') {
      const id = url.searchParams.get('traceId');
      return { status: 200, body: { logs: lab.logs.filter((log) => log.traceId === id) } };
    }
    if (path.endsWith('/loki/api/v1/query_range')) {
      const id = /trace_id="(\w+)"/.exec(url.searchParams.get('query') ?? '')?.[1];
      const result = lab.logs
        .filter((log) => log.traceId === id)
        .map((log) => ({
          stream: { service_name: log.service },
          values: [[`${NOW_MS}000000`, log.body.stringValue]],
        }));
      return { status: 200, body: { status: 'success', data: { resultType: 'streams', result } } };
    }
    if (path === '/api/search') {
      return { status: 200, body: { traces: lab.traceql[url.searchParams.get('q') ?? ''] ?? [] } };
    }
    if (path === '/api/metrics/query_range') {
      return { status: 200, body: { series: lab.traceqlSeries } };
    }
    if (path === '/api/health') return { status: 200, body: { database: 'ok', version: '13.1.0' } };
    if (path.startsWith('/api/dashboards/uid/')) {
      return path.endsWith('/lab-uid')
        ? { status: 200, body: { dashboard: { title: 'lab' } } }
        : { status: 404, body: { message: 'Dashboard not found' } };
    }
    return { status: 404, body: '404 page not found' };
  };
}
