/**
 * /api/search on oteldb's Tempo e2e traces (../shared/conformance/traceql/oteldb, read where it
 * lives): each query's expected traces and match counts are worked out here from the spans
 * themselves, by plain code over the fixture, not by the evaluator.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { call, sharedConformance } from '@otel-lab/testkit';
import { startQueryTestServer } from '../../jaeger/fixture-server.js';
import { createTempoApiHandler } from '../tempo-api.js';

const corpus = sharedConformance('traceql/oteldb');
const skip = corpus.skip('traces.json');

interface FlatSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  error: boolean;
  service: string;
  attributes: Map<string, { stringValue?: string; intValue?: string }>;
}

interface OtlpKeyValue {
  key: string;
  value: { stringValue?: string; intValue?: string };
}

function flatSpans(batches: unknown[]): FlatSpan[] {
  const spans: FlatSpan[] = [];
  for (const batch of batches as { resourceSpans: Json[] }[]) {
    for (const resourceSpans of batch.resourceSpans) {
      const resource = (resourceSpans.resource as { attributes: OtlpKeyValue[] }).attributes;
      const service = resource.find((kv) => kv.key === 'service.name')?.value.stringValue ?? '';
      for (const scope of resourceSpans.scopeSpans as { spans: Json[] }[]) {
        for (const span of scope.spans) {
          spans.push({
            traceId: String(span.traceId),
            spanId: String(span.spanId),
            parentSpanId: String(span.parentSpanId ?? ''),
            name: String(span.name),
            kind: Number(span.kind ?? 0),
            error: (span.status as { code?: number } | undefined)?.code === 2,
            service,
            attributes: new Map(
              ((span.attributes ?? []) as OtlpKeyValue[]).map((kv) => [kv.key, kv.value]),
            ),
          });
        }
      }
    }
  }
  return spans;
}

type Json = Record<string, unknown>;

/** Trace id (Tempo's, leading zeros off) to how many spans matched, for the spans `matches`. */
function expected(spans: FlatSpan[], matches: (span: FlatSpan) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const span of spans.filter(matches)) {
    const id = span.traceId.replace(/^0+/, '');
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('/api/search on oteldb\u2019s traces', { skip }, () => {
  let server: Awaited<ReturnType<typeof startQueryTestServer>>;
  let spans: FlatSpan[];
  const byId = new Map<string, FlatSpan>();
  /** Whether some ancestor of `span` meets `test`. */
  const hasAncestor = (span: FlatSpan, test: (s: FlatSpan) => boolean) => {
    for (let up = byId.get(span.parentSpanId); up; up = byId.get(up.parentSpanId)) {
      if (test(up)) return true;
    }
    return false;
  };

  before(async () => {
    const lines = readFileSync(join(corpus.dir, 'traces.json'), 'utf8').split('\n');
    const batches = lines.filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
    spans = flatSpans(batches);
    for (const span of spans) byId.set(span.spanId, span);
    server = await startQueryTestServer(batches, (reader) => createTempoApiHandler(reader));
  });
  after(() => server?.close());

  const found = async (params: string) => {
    const answer = await call(
      server.baseUrl,
      'GET',
      `/api/search?start=1686122000&end=1686122100&limit=100&${params}`,
    );
    assert.equal(answer.status, 200, answer.text);
    const traces = ((answer.json as { traces?: Json[] }).traces ?? []) as {
      traceID: string;
      spanSets?: { matched: number }[];
    }[];
    return new Map(traces.map((trace) => [trace.traceID, trace.spanSets?.[0]?.matched ?? 0]));
  };

  const int = (span: FlatSpan, key: string) =>
    Number(span.attributes.get(key)?.intValue ?? Number.NaN);
  const text = (span: FlatSpan, key: string) => span.attributes.get(key)?.stringValue;

  const CASES: [string, (span: FlatSpan) => boolean][] = [
    ['{ resource.service.name = "postgres" }', (s) => s.service === 'postgres'],
    ['{ span.http.status_code >= 400 }', (s) => int(s, 'http.status_code') >= 400],
    ['{ status = error }', (s) => s.error],
    [
      '{ span.http.method =~ "P.*" && kind = server }',
      (s) => /^P.*$/.test(text(s, 'http.method') ?? '') && s.kind === 2,
    ],
    [
      '{ .net.peer.name != nil && name = "authenticate" }',
      (s) => s.attributes.has('net.peer.name') && s.name === 'authenticate',
    ],
    [
      '{ resource.service.name = "shop-backend" } >> { resource.service.name = "postgres" }',
      (s) => s.service === 'postgres' && hasAncestor(s, (up) => up.service === 'shop-backend'),
    ],
  ];

  for (const [traceql, matches] of CASES) {
    test(traceql, async () => {
      const want = expected(spans, matches);
      assert.ok(want.size > 0, 'the fixture holds matches');
      assert.deepEqual(await found(`q=${encodeURIComponent(traceql)}`), want);
    });
  }

  test('{ resource.service.name = "shop-backend" } | count() > 2', async () => {
    const shop = expected(spans, (s) => s.service === 'shop-backend');
    const want = new Map([...shop].filter(([, count]) => count > 2));
    assert.ok(want.size > 0 && want.size < shop.size, 'the count tells traces apart');
    const q = encodeURIComponent('{ resource.service.name = "shop-backend" } | count() > 2');
    assert.deepEqual(await found(`q=${q}`), want);
  });

  test('tags=service.name=postgres (the older search) finds the same traces', async () => {
    const want = expected(spans, (s) => s.service === 'postgres');
    const got = await found('tags=service.name%3Dpostgres');
    assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
  });
});
