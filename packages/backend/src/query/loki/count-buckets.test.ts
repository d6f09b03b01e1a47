import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  type BucketSelection,
  evaluateInstantQuery,
  evaluateRangeQuery,
  type LogStorage,
  type MetricExpr,
  parseExpr,
} from '@otel-lab/logql';
import { decodeLogsJson } from '@otel-lab/otlp';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createDuckDbLogStorage } from './duckdb-log-storage.js';

const S = 1_000_000_000n;
const T0 = 1_800_000_000n * S;

/** Deterministic records over 10 minutes: 3 services, 2 scopes each, levels from every source. */
function seeds() {
  const bodies = ['plain text', '{"level":"warn"}', 'level=error msg=x', 'an error happened', 'ok'];
  const severities: [number, string][] = [
    [9, 'INFO'],
    [0, ''],
    [17, ''],
    [0, 'debug'],
    [13, 'WARN'],
  ];
  const resources = ['shop', 'payments', 'stock'].map((service, s) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeLogs: ['a', 'b'].map((scope, c) => ({
      scope: { name: scope },
      logRecords: Array.from({ length: 150 }, (_, i) => {
        const n = i * 7 + s * 3 + c;
        const [number, text] = severities[n % severities.length] as [number, string];
        // Times on whole seconds (some on bucket edges) and between them.
        const at = T0 + BigInt(n * 4) * S + (n % 3 === 0 ? 0n : BigInt(n % 1000) * 1_000_000n);
        return {
          timeUnixNano: String(at),
          body: { stringValue: bodies[n % bodies.length] },
          severityNumber: number,
          severityText: text,
          attributes: n % 11 === 0 ? [{ key: 'level', value: { stringValue: 'fatal' } }] : [],
        };
      }),
    })),
  }));
  return { resourceLogs: resources };
}

let store: TelemetryStore;
before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'count-buckets-')) });
  await store.writeLogs(decodeLogsJson(JSON.stringify(seeds())).items);
});
after(() => store.close());

/** Each query, and whether the storage counts it (else the engine reads entries). */
const QUERIES: [string, boolean][] = [
  ['sum by (detected_level) (count_over_time({service_name=~".+"}[1m]))', true],
  ['sum by (service_name, detected_level) (rate({service_name="shop"}[45s]))', true],
  ['sum(count_over_time({service_name=~"shop|stock"}[2m] offset 30s))', true],
  ['sum by (service_name) (count_over_time({service_name=~".+"}[1m]))', true],
  // Every metadata label (the grouping keeps them all): read.
  ['count_over_time({service_name="payments"}[30s])', false],
  ['sum without (detected_level) (count_over_time({service_name=~".+"}[1m]))', false],
  // A line filter: read.
  ['sum by (detected_level) (count_over_time({service_name=~".+"} |= "error" [1m]))', false],
];

const RANGES = [
  { startNs: T0, endNs: T0 + 600n * S, stepNs: 14n * S },
  { startNs: T0 + 7n * S, endNs: T0 + 400n * S, stepNs: 60n * S },
  { startNs: T0 + 100n * S, endNs: T0 + 100n * S, stepNs: 1n * S },
  { startNs: T0 - 30n * S, endNs: T0 + 700n * S, stepNs: 7n * S, alignToStep: false },
];

async function compareBothPaths(): Promise<void> {
  const storage = createDuckDbLogStorage(store.reader);
  let counted = 0;
  const spying: LogStorage = {
    ...storage,
    countBuckets: async (selection: BucketSelection) => {
      const result = await storage.countBuckets(selection);
      if (result) counted++;
      return result;
    },
  };
  const reading: LogStorage = { ...storage, countBuckets: undefined };
  for (const [query, countable] of QUERIES) {
    const expr = parseExpr(query) as MetricExpr;
    for (const range of RANGES) {
      const before = counted;
      const viaCounts = await evaluateRangeQuery(expr, spying, range);
      const viaEntries = await evaluateRangeQuery(expr, reading, range);
      const label = `${query} ${JSON.stringify(range, (_, v) => (typeof v === 'bigint' ? `${v}` : v))}`;
      assert.deepEqual(viaCounts.series, viaEntries.series, label);
      assert.ok(viaEntries.series.length > 0 || range.startNs > T0 + 600n * S, `${label}: empty`);
      assert.equal(counted > before, countable, `${label}: counted`);
    }
    for (const timeNs of [T0 + 60n * S, T0 + 333n * S + 500_000_000n]) {
      const viaCounts = await evaluateInstantQuery(expr, spying, { timeNs });
      const viaEntries = await evaluateInstantQuery(expr, reading, { timeNs });
      assert.deepEqual(viaCounts, viaEntries, `${query} at ${timeNs}`);
    }
  }
}

test('counting in buckets answers exactly as reading every entry', compareBothPaths);

test('the levels counted are the ones derived from each record', async () => {
  // Every record (times up to T0 + 4201 s) is in the one window: 900 records, by level.
  const storage = createDuckDbLogStorage(store.reader);
  const expr = parseExpr(
    'sum by (detected_level) (count_over_time({service_name=~".+"}[2h]))',
  ) as MetricExpr;
  const result = await evaluateInstantQuery(expr, storage, { timeNs: T0 + 5000n * S });
  assert.equal(result.resultType, 'vector');
  const total =
    result.resultType === 'vector' ? result.samples.reduce((n, s) => n + s.value, 0) : 0;
  assert.equal(total, 900);
});

test('records stored without a level (before schema version 6) count the same', async () => {
  await store.reader.run('UPDATE logs SET detected_level = NULL WHERE seq % 2 = 0');
  const left = await store.reader.runAndReadAll(
    'SELECT count(*)::INTEGER AS n FROM logs WHERE detected_level IS NULL',
  );
  assert.equal(left.getRowObjects()[0]?.n, 450);
  await compareBothPaths();
});
