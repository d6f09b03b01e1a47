import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { LineFilter, LogEntry, LogSelection } from '@otel-lab/logql';
import { decodeLogsJson } from '@otel-lab/otlp';
import type { LabelMatcher } from '@otel-lab/promql';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createDuckDbLogStorage, type DuckDbLogStorage } from './duckdb-log-storage.js';

const S = 1_000_000_000n;
const T0 = 1_800_000_000n * S;

interface Seed {
  service?: string;
  atS: number;
  body: unknown;
  severity?: number;
  text?: string;
  traceId?: string;
}

function request(seeds: Seed[]) {
  return decodeLogsJson(
    JSON.stringify({
      resourceLogs: seeds.map((seed) => ({
        resource: {
          attributes: seed.service
            ? [
                { key: 'service.name', value: { stringValue: seed.service } },
                { key: 'host.name', value: { stringValue: 'lab' } },
              ]
            : [],
        },
        scopeLogs: [
          {
            scope: { name: 'app' },
            logRecords: [
              {
                timeUnixNano: String(T0 + BigInt(seed.atS) * S),
                body: seed.body,
                severityNumber: seed.severity ?? 0,
                severityText: seed.text ?? '',
                traceId: seed.traceId ?? '',
              },
            ],
          },
        ],
      })),
    }),
  ).items;
}

const SEEDS: Seed[] = [
  {
    service: 'shop',
    atS: 0,
    body: { stringValue: 'order placed id=1' },
    severity: 9,
    text: 'INFO',
  },
  {
    service: 'shop',
    atS: 10,
    body: { stringValue: 'order failed: card "declined"' },
    severity: 17,
    text: 'ERROR',
    traceId: '0af7651916cd43dd8448eb211c80319c',
  },
  { service: 'payments', atS: 20, body: { stringValue: 'charge ok\nsecond line' }, severity: 9 },
  {
    service: 'payments',
    atS: 30,
    body: { kvlistValue: { values: [{ key: 'msg', value: { stringValue: 'order refund' } }] } },
  },
  { atS: 40, body: { stringValue: 'no service here' } },
  { service: 'shop', atS: 40, body: { stringValue: 'same time as the other' } },
];

let store: TelemetryStore;
let storage: DuckDbLogStorage;

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'loki-storage-')) });
  await store.writeLogs(request(SEEDS));
  storage = createDuckDbLogStorage(store.reader);
});
after(() => store.close());

async function read(selection: Partial<LogSelection>): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for await (const batch of storage.select({
    matchers: [],
    lineFilters: [],
    startNs: T0,
    endNs: T0 + 3600n * S,
    direction: 'forward',
    ...selection,
  })) {
    out.push(...batch);
  }
  return out;
}

const m = (type: LabelMatcher['type'], name: string, value: string): LabelMatcher => ({
  type,
  name,
  value,
});
const f = (op: LineFilter['op'], ...values: string[]): LineFilter => ({ op, values });

test('select: stream matchers, range, direction and line filters pushed down', async () => {
  const cases: { name: string; selection: Partial<LogSelection>; lines: string[] }[] = [
    {
      name: 'equality, forward',
      selection: { matchers: [m('=', 'service_name', 'shop')] },
      lines: ['order placed id=1', 'order failed: card "declined"', 'same time as the other'],
    },
    {
      name: 'equality, backward',
      selection: { matchers: [m('=', 'service_name', 'shop')], direction: 'backward' },
      lines: ['same time as the other', 'order failed: card "declined"', 'order placed id=1'],
    },
    {
      name: 'regex, anchored',
      selection: { matchers: [m('=~', 'service_name', 'pay.*|unknown_.*')] },
      lines: ['charge ok\nsecond line', '{"msg":"order refund"}', 'no service here'],
    },
    {
      name: 'not equal',
      selection: {
        matchers: [m('!=', 'service_name', 'shop'), m('!~', 'service_name', 'unknown.+')],
      },
      lines: ['charge ok\nsecond line', '{"msg":"order refund"}'],
    },
    {
      name: 'start inclusive, end exclusive',
      selection: { startNs: T0 + 10n * S, endNs: T0 + 30n * S },
      lines: ['order failed: card "declined"', 'charge ok\nsecond line'],
    },
    {
      name: 'records at one time in seq order',
      selection: { startNs: T0 + 40n * S },
      lines: ['no service here', 'same time as the other'],
    },
    {
      name: '|= keeps string bodies that hold it, and every other body for the engine',
      selection: { lineFilters: [f('|=', 'order')] },
      lines: ['order placed id=1', 'order failed: card "declined"', '{"msg":"order refund"}'],
    },
    {
      name: '|= with a quote in the needle',
      selection: { lineFilters: [f('|=', 'card "declined"')] },
      lines: ['order failed: card "declined"', '{"msg":"order refund"}'],
    },
    {
      name: '|= with or',
      selection: {
        lineFilters: [f('|=', 'charge', 'placed')],
        matchers: [m('=~', 'service_name', '.+')],
      },
      lines: ['order placed id=1', 'charge ok\nsecond line', '{"msg":"order refund"}'],
    },
    {
      name: '!= is exact on the line: n in an escaped newline is no n',
      selection: { lineFilters: [f('!=', 'n')], matchers: [m('=', 'service_name', 'payments')] },
      lines: ['{"msg":"order refund"}'],
    },
    {
      name: '|~ with RE2',
      selection: { lineFilters: [f('|~', 'id=\\d+$')] },
      lines: ['order placed id=1', '{"msg":"order refund"}'],
    },
    {
      name: 'no matching stream',
      selection: { matchers: [m('=', 'service_name', 'nope')] },
      lines: [],
    },
    {
      name: 'an empty range',
      selection: { startNs: T0 + 50n * S, endNs: T0 + 50n * S },
      lines: [],
    },
  ];
  for (const c of cases) {
    assert.deepEqual(
      (await read(c.selection)).map((e) => e.line),
      c.lines,
      c.name,
    );
  }
});

test('an entry carries its stream, time and structured metadata', async () => {
  const [entry] = await read({ lineFilters: [f('|=', 'declined')] });
  assert.ok(entry);
  assert.equal(entry.timestampNs, T0 + 10n * S);
  assert.deepEqual(entry.labels, [{ name: 'service_name', value: 'shop' }]);
  assert.deepEqual(Object.fromEntries(entry.metadata.map((l) => [l.name, l.value])), {
    detected_level: 'error',
    host_name: 'lab',
    scope_name: 'app',
    severity_number: '17',
    severity_text: 'ERROR',
    trace_id: '0af7651916cd43dd8448eb211c80319c',
  });
});

test('labels, values, series and stats over the streams with records in a range', async () => {
  const all = [T0, T0 + 3600n * S] as const;
  assert.deepEqual(await storage.labelNames(...all), ['service_name']);
  assert.deepEqual(await storage.labelValues('service_name', ...all), [
    'payments',
    'shop',
    'unknown_service',
  ]);
  assert.deepEqual(await storage.labelValues('service_name', T0 + 15n * S, T0 + 35n * S), [
    'payments',
  ]);
  assert.deepEqual(
    await storage.labelValues('service_name', ...all, [m('=~', 'service_name', 's.*')]),
    ['shop'],
  );
  assert.deepEqual(await storage.series([[m('!=', 'service_name', 'shop')]], ...all), [
    [{ name: 'service_name', value: 'payments' }],
    [{ name: 'service_name', value: 'unknown_service' }],
  ]);
  assert.deepEqual(await storage.series([], T0 + 41n * S, T0 + 50n * S), []);
  assert.deepEqual(await storage.stats([m('=', 'service_name', 'shop')], ...all), {
    streams: 1,
    chunks: 1,
    entries: 3,
    bytes:
      'order placed id=1'.length +
      'order failed: card "declined"'.length +
      'same time as the other'.length,
  });
});

test('paging through many records in both directions reads each once, in order', async () => {
  const dense = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'loki-paging-')) });
  try {
    // 3,000 records: dense bursts (many per second, sharing times) around a sparse middle, so
    // either direction starts with a window that holds more than a batch.
    const seeds: Seed[] = [];
    const add = (prefix: string, count: number, atS: (i: number) => number) => {
      for (let i = 0; i < count; i++) {
        seeds.push({ service: 'a', atS: atS(i), body: { stringValue: `${prefix}${i}` } });
      }
    };
    add('d', 1500, (i) => Math.floor(i / 10));
    add('s', 300, (i) => 200 + i * 5);
    add('e', 1200, (i) => 1800 + Math.floor(i / 12));
    for (let i = 0; i < seeds.length; i += 500)
      await dense.writeLogs(request(seeds.slice(i, i + 500)));
    const reader = createDuckDbLogStorage(dense.reader);
    const expected = seeds.map((s) => s.body as { stringValue: string }).map((b) => b.stringValue);
    // A limit (a hint for how far to read ahead) changes the windows, never what is read.
    for (const [direction, limit] of [
      ['forward', undefined],
      ['backward', undefined],
      ['forward', 100],
      ['backward', 7],
    ] as const) {
      const lines: string[] = [];
      let batches = 0;
      for await (const batch of reader.select({
        matchers: [m('=', 'service_name', 'a')],
        lineFilters: [],
        startNs: T0,
        endNs: T0 + 7200n * S,
        direction,
        ...(limit ? { limit } : {}),
      })) {
        batches++;
        lines.push(...batch.map((e) => e.line));
      }
      assert.deepEqual(
        lines,
        direction === 'forward' ? expected : [...expected].reverse(),
        `${direction} ${limit}`,
      );
      assert.ok(batches >= 4 && batches < 60, `${direction} ${limit}: ${batches} batches`);
    }
  } finally {
    dense.close();
  }
});

test('a record without a time is read at its observed time', async () => {
  const own = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'loki-observed-')) });
  try {
    const records = decodeLogsJson(
      JSON.stringify({
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'o' } }] },
            scopeLogs: [
              {
                logRecords: [
                  {
                    observedTimeUnixNano: String(T0 + 5n * S),
                    body: { stringValue: 'observed only' },
                  },
                  { timeUnixNano: String(T0 + 6n * S), body: { stringValue: 'timed' } },
                ],
              },
            ],
          },
        ],
      }),
    ).items;
    await own.writeLogs(records);
    const reader = createDuckDbLogStorage(own.reader);
    const lines: [bigint, string][] = [];
    for await (const batch of reader.select({
      matchers: [m('=', 'service_name', 'o')],
      lineFilters: [],
      startNs: T0 + 5n * S,
      endNs: T0 + 10n * S,
      direction: 'forward',
    })) {
      lines.push(...batch.map((e): [bigint, string] => [e.timestampNs, e.line]));
    }
    assert.deepEqual(lines, [
      [T0 + 5n * S, 'observed only'],
      [T0 + 6n * S, 'timed'],
    ]);
    assert.deepEqual(await reader.labelNames(T0 + 5n * S, T0 + 6n * S), ['service_name']);
  } finally {
    own.close();
  }
});
