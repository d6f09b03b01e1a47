import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { LogEntry, LogProjection } from '@otel-lab/logql';
import { decodeLogsJson } from '@otel-lab/otlp';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createDuckDbLogStorage } from './duckdb-log-storage.js';

const S = 1_000_000_000n;
const T0 = 1_800_000_000n * S;

/** Records whose level comes from each place detectedLevel looks, and one of each body kind. */
const RECORDS: {
  body: unknown;
  severity?: number;
  text?: string;
  attrs?: object[];
  level: string;
}[] = [
  { body: { stringValue: 'a' }, severity: 9, text: 'INFO', level: 'info' },
  { body: { stringValue: 'b' }, text: 'Warning', level: 'warn' },
  { body: { stringValue: 'c' }, text: 'NOTICE', level: 'NOTICE' },
  { body: { stringValue: 'd error' }, severity: 17, level: 'error' },
  { body: { stringValue: '{"level":"debug","msg":"x"}' }, level: 'debug' },
  { body: { stringValue: 'level=warn msg=y' }, level: 'warn' },
  { body: { stringValue: 'something failed with an error' }, level: 'error' },
  { body: { stringValue: 'plain' }, level: 'unknown' },
  {
    body: { kvlistValue: { values: [{ key: 'level', value: { stringValue: 'error' } }] } },
    level: 'error',
  },
  // An attribute named as a level field outranks the severity; detected_level outranks both.
  {
    body: { stringValue: 'e' },
    severity: 9,
    attrs: [{ key: 'level', value: { stringValue: 'fatal' } }],
    level: 'fatal',
  },
  {
    body: { stringValue: 'f' },
    text: 'INFO',
    attrs: [{ key: 'detected_level', value: { stringValue: 'debug' } }],
    level: 'debug',
  },
  // Attributes that mention no level leave it to the severity.
  {
    body: { stringValue: 'g' },
    severity: 13,
    attrs: [{ key: 'user', value: { stringValue: 'x' } }],
    level: 'warn',
  },
];

let store: TelemetryStore;

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'projected-rows-')) });
  const request = {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
        scopeLogs: [
          {
            logRecords: RECORDS.map((r, i) => ({
              timeUnixNano: String(T0 + BigInt(i) * S),
              body: r.body,
              severityNumber: r.severity ?? 0,
              severityText: r.text ?? '',
              attributes: r.attrs ?? [],
            })),
          },
        ],
      },
    ],
  };
  await store.writeLogs(decodeLogsJson(JSON.stringify(request)).items);
});

after(() => store.close());

async function read(projection?: LogProjection): Promise<LogEntry[]> {
  const storage = createDuckDbLogStorage(store.reader);
  const out: LogEntry[] = [];
  for await (const batch of storage.select({
    matchers: [{ name: 'service_name', type: '=', value: 'shop' }],
    lineFilters: [],
    startNs: T0,
    endNs: T0 + 100n * S,
    direction: 'forward',
    ...(projection ? { projection } : {}),
  })) {
    out.push(...batch);
  }
  return out;
}

const level = (e: LogEntry) => e.metadata.find((l) => l.name === 'detected_level')?.value;

async function compareLevels(): Promise<void> {
  const full = await read();
  const light = await read({ line: false, metadata: ['detected_level'] });
  assert.deepEqual(
    full.map(level),
    RECORDS.map((r) => r.level),
    'the full read, derived by hand',
  );
  assert.deepEqual(
    light.map((e) => [e.timestampNs, e.labels, e.metadata]),
    full.map((e) => [e.timestampNs, e.labels, [{ name: 'detected_level', value: level(e) }]]),
  );
}

test(
  'a projection to detected_level reads the same times, streams and levels as the full read',
  compareLevels,
);

test('a projection to nothing reads times and streams only; others read everything', async () => {
  const full = await read();
  const bare = await read({ line: false, metadata: [] });
  assert.deepEqual(
    bare.map((e) => [e.timestampNs, e.labels, e.line, e.metadata]),
    full.map((e) => [e.timestampNs, e.labels, '', []]),
  );
  for (const projection of [
    { line: true, metadata: ['detected_level'] },
    { line: false, metadata: 'all' as const },
    { line: false, metadata: ['detected_level', 'trace_id'] },
  ]) {
    const read2 = await read(projection);
    assert.deepEqual(
      read2.map((e) => [e.line, e.metadata]),
      full.map((e) => [e.line, e.metadata]),
      JSON.stringify(projection),
    );
  }
});

test('records stored without a level (before schema version 6) are leveled as they are read', async () => {
  await store.reader.run('UPDATE logs SET detected_level = NULL WHERE seq % 2 = 0');
  await compareLevels();
});
