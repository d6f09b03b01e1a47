import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeTracesProtobuf, type KeyValue, type SpanData } from '@otel-lab/otlp';
import { encodeBatches } from './ingest-sender.js';
import type { FigureKey } from './traceql-queries.js';

const WINDOW_MS = 110 * 60_000;
const before = BigInt(Date.now()) * 1_000_000n;
const batches = encodeBatches({
  otlpUrl: 'http://127.0.0.1:1',
  batches: 40,
  batchSize: 512,
  concurrency: 1,
  sampleEvery: 1,
  seed: 1,
  windowMs: WINDOW_MS,
});
const after = BigInt(Date.now()) * 1_000_000n;
const spans = batches.flatMap((batch) => decodeTracesProtobuf(batch.body).items);
const traces = new Map<string, SpanData[]>();
for (const span of spans) traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);

const text = (attributes: KeyValue[], key: string) => {
  const value = attributes.find((kv) => kv.key === key)?.value;
  return value?.type === 'string' ? value.value : undefined;
};
const service = (span: SpanData) => text(span.resource.attributes, 'service.name');
const route = (span: SpanData) => text(span.attributes, 'http.route');
const ms = (span: SpanData) => Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;

/** Whether `span` has an ancestor in its trace that `test` holds for. */
function hasAncestor(span: SpanData, trace: SpanData[], test: (s: SpanData) => boolean) {
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  for (let up = byId.get(span.parentSpanId); up; up = byId.get(up.parentSpanId)) {
    if (test(up)) return true;
  }
  return false;
}

test('the generated spans start inside the window before encoding, at most 5 s jitter later', () => {
  assert.equal(spans.length, 40 * 512);
  const windowNs = BigInt(WINDOW_MS) * 1_000_000n;
  for (const span of spans) {
    assert.ok(span.startTimeUnixNano >= before - windowNs, `${span.startTimeUnixNano} too early`);
    assert.ok(span.startTimeUnixNano <= after + 5_000_000_000n, `${span.startTimeUnixNano} late`);
  }
});

test("every bench:traceql query has something to find in the generator's traces", () => {
  // Each query of traceql-queries.ts, written out over the decoded spans: how many traces match.
  const matching: Record<FigureKey, (trace: SpanData[]) => boolean> = {
    filter_p95_ms: (trace) =>
      trace.some((s) => service(s) === 'frontend' && route(s) === '/api/cart'),
    duration_p95_ms: (trace) => trace.some((s) => ms(s) > 500),
    structural_p95_ms: (trace) =>
      trace.some(
        (s) => s.status.code === 2 && hasAncestor(s, trace, (up) => service(up) === 'frontend'),
      ),
    pipeline_p95_ms: (trace) =>
      trace.filter((s) => service(s) === 'checkout' || service(s) === 'payment').length > 3,
    metrics_p95_ms: (trace) => trace.some((s) => service(s) === 'frontend' && route(s)),
  };
  const share = (key: FigureKey) => [...traces.values()].filter(matching[key]).length / traces.size;
  // Shares the generator is built for (about 4,000 traces here), with room for chance.
  const expected: Record<FigureKey, [number, number]> = {
    filter_p95_ms: [0.2, 0.3],
    duration_p95_ms: [0.004, 0.02],
    structural_p95_ms: [0.015, 0.05],
    pipeline_p95_ms: [0.28, 0.39],
    metrics_p95_ms: [0.99, 1],
  };
  for (const [key, [low, high]] of Object.entries(expected) as [FigureKey, [number, number]][]) {
    const found = share(key);
    assert.ok(found >= low && found <= high, `${key}: ${found} of the traces`);
  }
});
