import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { call } from '@otel-lab/testkit';
import { fixturesSkip, JAEGER_FIXTURES, startJaegerTestServer } from './fixture-server.js';

interface FixtureQuery {
  Caption: string;
  Query: {
    ServiceName: string;
    OperationName: string;
    Tags: Record<string, string | number | boolean> | null;
    StartTimeMin: string;
    StartTimeMax: string;
    DurationMin: number;
    DurationMax: number;
    NumTraces: number;
  };
  ExpectedFixtures: string[];
}

interface OtlpFixture {
  resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[];
}

const DIR = join(JAEGER_FIXTURES, 'storage-integration');

const micros = (iso: string) => {
  const [whole, fraction = ''] = iso.replace('Z', '').split('.');
  return BigInt(Date.parse(`${whole}Z`)) * 1000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
};

/** Jaeger prints ids with a zero high half in 16 digits. */
const jaegerId = (hex: string) => (hex.startsWith('0'.repeat(16)) ? hex.slice(16) : hex);

function traceIdsOf(fixture: OtlpFixture): string[] {
  const ids = fixture.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) => ss.spans.map((span) => jaegerId(span.traceId))),
  );
  return [...new Set(ids)];
}

/** The query as Jaeger UI would send it: tags as a JSON object of strings, durations in Go form. */
function searchPath(query: FixtureQuery['Query']): string {
  const params = new URLSearchParams({
    service: query.ServiceName,
    start: String(micros(query.StartTimeMin)),
    end: String(micros(query.StartTimeMax)),
    limit: String(query.NumTraces),
  });
  if (query.OperationName) params.set('operation', query.OperationName);
  if (query.DurationMin) params.set('minDuration', `${query.DurationMin}ns`);
  if (query.DurationMax) params.set('maxDuration', `${query.DurationMax}ns`);
  if (query.Tags) {
    const tags = Object.fromEntries(Object.entries(query.Tags).map(([k, v]) => [k, String(v)]));
    params.set('tags', JSON.stringify(tags));
  }
  return `/api/traces?${params}`;
}

describe("Jaeger's storage integration queries", () => {
  const skip = fixturesSkip();
  const present = existsSync(DIR);
  const queries: FixtureQuery[] = present
    ? JSON.parse(readFileSync(join(DIR, 'queries.json'), 'utf8'))
    : [];
  const fixtures = new Map<string, OtlpFixture>(
    present
      ? readdirSync(join(DIR, 'traces')).map((file) => [
          file.replace(/\.json$/, ''),
          JSON.parse(readFileSync(join(DIR, 'traces', file), 'utf8')),
        ])
      : [],
  );
  let server: Awaited<ReturnType<typeof startJaegerTestServer>> | undefined;
  before(async () => {
    if (!skip) server = await startJaegerTestServer([...fixtures.values()]);
  });
  after(() => server?.close());

  test('the fixtures hold the queries', { skip }, () => {
    assert.ok(queries.length >= 25);
    for (const query of queries) {
      for (const name of query.ExpectedFixtures) assert.ok(fixtures.has(name), name);
    }
  });

  for (const query of queries) {
    test(query.Caption, { skip }, async () => {
      const response = await call(server?.baseUrl ?? '', 'GET', searchPath(query.Query));
      assert.equal(response.status, 200, response.text);
      const expected = query.ExpectedFixtures.flatMap((name) =>
        traceIdsOf(fixtures.get(name) as OtlpFixture),
      );
      const found = response.json.data.map((trace: { traceID: string }) => trace.traceID);
      assert.deepEqual([...found].sort(), [...expected].sort());
      for (const trace of response.json.data) {
        const spans = query.ExpectedFixtures.map((name) => fixtures.get(name) as OtlpFixture)
          .flatMap((f) => f.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)))
          .filter((span) => jaegerId(span.traceId) === trace.traceID);
        assert.equal(trace.spans.length, spans.length, `all spans of ${trace.traceID}`);
      }
    });
  }

  test('every stored trace reads back by id with its spans', { skip }, async () => {
    for (const [name, fixture] of fixtures) {
      for (const id of traceIdsOf(fixture)) {
        const response = await call(server?.baseUrl ?? '', 'GET', `/api/traces/${id}?raw=true`);
        assert.equal(response.status, 200, `${name} ${id}`);
        assert.equal(response.json.data[0].traceID, id);
      }
    }
  });
});
