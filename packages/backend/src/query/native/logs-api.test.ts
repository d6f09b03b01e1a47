import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeLogsJson } from '@otel-lab/otlp';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createLogsApiHandler } from './logs-api.js';

const T0 = 1_800_000_000_000; // ms
const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

function record(
  n: number,
  service: string,
  severity: number,
  body: string,
  extra: Record<string, unknown> = {},
) {
  return {
    service,
    log: {
      timeUnixNano: String(BigInt(T0 + n * 1000) * 1_000_000n),
      severityNumber: severity,
      severityText:
        [
          '',
          'TRACE',
          '',
          '',
          '',
          'DEBUG',
          '',
          '',
          '',
          'INFO',
          '',
          '',
          '',
          'WARN',
          '',
          '',
          '',
          'ERROR',
        ][severity] ?? '',
      body: { stringValue: body },
      ...extra,
    },
  };
}

const RECORDS = [
  record(0, 'demo-app', 9, 'order created', {
    traceId: TRACE,
    spanId: SPAN,
    attributes: [{ key: 'order.id', value: { stringValue: 'order-1' } }],
  }),
  record(1, 'payment-service', 9, 'charge approved', { traceId: TRACE }),
  record(2, 'payment-service', 17, 'Card "declined" for order-2'),
  record(3, 'demo-app', 13, 'stock low', {
    attributes: [{ key: 'stock', value: { intValue: '3' } }],
  }),
  record(4, 'demo-app', 5, '<img src=x onerror=alert(1)>'),
];

let store: TelemetryStore;
let server: HandlerServer;
let base: string;

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'logs-api-')) });
  for (const { service, log } of RECORDS) {
    const request = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeLogs: [{ logRecords: [log] }],
        },
      ],
    };
    await store.writeLogs(decodeLogsJson(JSON.stringify(request)).items);
  }
  const handler = createLogsApiHandler(store.reader, { onError: console.error });
  server = await serveHandler(handler);
  base = server.url;
});

after(async () => {
  await server.close();
  store.close();
});

const WINDOW = `start=${T0 - 1000}&end=${T0 + 10_000}`;

async function bodies(query: string): Promise<string[]> {
  const response = await fetch(`${base}/api/logs?${WINDOW}&${query}`);
  assert.equal(response.status, 200);
  const { logs } = (await response.json()) as { logs: { body: { stringValue: string } }[] };
  return logs.map((log) => log.body.stringValue);
}

describe('GET /api/logs filters, newest first', () => {
  const rows: { name: string; query: string; expected: string[] }[] = [
    {
      name: 'everything in the window',
      query: '',
      expected: [
        '<img src=x onerror=alert(1)>',
        'stock low',
        'Card "declined" for order-2',
        'charge approved',
        'order created',
      ],
    },
    {
      name: 'by service',
      query: 'service=payment-service',
      expected: ['Card "declined" for order-2', 'charge approved'],
    },
    {
      name: 'minimum severity by name',
      query: 'minSeverity=warn',
      expected: ['stock low', 'Card "declined" for order-2'],
    },
    {
      name: 'minimum severity by number',
      query: 'minSeverity=17',
      expected: ['Card "declined" for order-2'],
    },
    {
      name: 'text, any case, quotes included',
      query: `text=${encodeURIComponent('CARD "DECLINED"')}`,
      expected: ['Card "declined" for order-2'],
    },
    { name: 'a string attribute', query: 'attr.order.id=order-1', expected: ['order created'] },
    { name: 'an int attribute', query: 'attr.stock=3', expected: ['stock low'] },
    {
      name: 'the logs of a trace',
      query: `traceId=${TRACE.toUpperCase()}`,
      expected: ['charge approved', 'order created'],
    },
    {
      name: 'the logs of a span',
      query: `traceId=${TRACE}&spanId=${SPAN}`,
      expected: ['order created'],
    },
    { name: 'nothing matches', query: 'service=nobody', expected: [] },
  ];
  for (const row of rows) {
    test(row.name, async () => {
      assert.deepEqual(await bodies(row.query), row.expected);
    });
  }

  test('a time range excludes what is outside it', async () => {
    const response = await fetch(
      `${base}/api/logs?start=${T0 + 1500}&end=${new Date(T0 + 3500).toISOString()}`,
    );
    const { logs } = (await response.json()) as { logs: { body: { stringValue: string } }[] };
    assert.deepEqual(
      logs.map((log) => log.body.stringValue),
      ['stock low', 'Card "declined" for order-2'],
    );
  });

  test('pages follow the next cursor to the end', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    for (let page = 0; page < 5 && cursor !== null; page += 1) {
      const response = await fetch(
        `${base}/api/logs?${WINDOW}&limit=2${cursor ? `&before=${cursor}` : ''}`,
      );
      const answer = (await response.json()) as {
        logs: { body: { stringValue: string } }[];
        next: string | null;
      };
      seen.push(...answer.logs.map((log) => log.body.stringValue));
      cursor = answer.next;
    }
    assert.equal(seen.length, RECORDS.length);
    assert.equal(new Set(seen).size, RECORDS.length);
  });

  test('a live tail asks for what is newer than the newest record it has shown', async () => {
    const all = (await (await fetch(`${base}/api/logs?${WINDOW}`)).json()) as {
      logs: { time: string }[];
    };
    const times = all.logs.map((log) => BigInt(log.time)).sort((a, b) => (a < b ? -1 : 1));
    const shown = times[1] as bigint;
    const newer = (await (await fetch(`${base}/api/logs?${WINDOW}&after=${shown}`)).json()) as {
      logs: { time: string }[];
    };
    assert.deepEqual(
      newer.logs.map((log) => BigInt(log.time)).sort((a, b) => (a < b ? -1 : 1)),
      times.filter((time) => time > shown),
    );
  });

  test('a record carries its ids, severity, attributes and resource', async () => {
    const response = await fetch(`${base}/api/logs?${WINDOW}&attr.order.id=order-1`);
    const [log] = ((await response.json()) as { logs: Record<string, unknown>[] }).logs;
    assert.equal(log?.traceId, TRACE);
    assert.equal(log?.spanId, SPAN);
    assert.equal(log?.severityText, 'INFO');
    assert.equal(log?.service, 'demo-app');
    assert.deepEqual(log?.attributes, [{ key: 'order.id', value: { stringValue: 'order-1' } }]);
    assert.equal(log?.time, String(BigInt(T0) * 1_000_000n));
  });
});

describe('records sharing a timestamp: pages and the tail neither drop nor repeat one', () => {
  const TIE_MS = T0 + 20_000;
  const TIE_WINDOW = `start=${TIE_MS - 1000}&end=${TIE_MS + 1000}&service=ties`;
  const TIES = ['t0', 't1', 't2', 't3', 't4', 't5', 't6'];
  interface Answer {
    logs: { cursor: string; time: string; body: { stringValue: string } }[];
    next: string | null;
  }
  const page = async (query: string): Promise<Answer> => {
    const response = await fetch(`${base}/api/logs?${TIE_WINDOW}&${query}`);
    assert.equal(response.status, 200);
    return (await response.json()) as Answer;
  };
  const writeTies = async (bodies: string[]) => {
    const logRecords = bodies.map((body) => ({
      timeUnixNano: String(BigInt(TIE_MS) * 1_000_000n),
      body: { stringValue: body },
    }));
    const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'ties' } }] };
    const request = { resourceLogs: [{ resource, scopeLogs: [{ logRecords }] }] };
    await store.writeLogs(decodeLogsJson(JSON.stringify(request)).items);
  };
  before(async () => {
    // Two batches, so the tie-breaker spans more than one write.
    await writeTies(TIES.slice(0, 4));
    await writeTies(TIES.slice(4));
  });

  for (const limit of [1, 2, 3, 6, 7, 100]) {
    test(`pages of ${limit} follow next to the end`, async () => {
      const seen: string[] = [];
      let next: string | null = '';
      for (let n = 0; n < 20 && next !== null; n += 1) {
        const answer = await page(`limit=${limit}${next ? `&before=${next}` : ''}`);
        seen.push(...answer.logs.map((log) => log.body.stringValue));
        next = answer.next;
      }
      // Newest first: the same time, so the record stored last comes first.
      assert.deepEqual(seen, [...TIES].reverse());
    });
  }

  test('the tail after any record shows exactly the records stored after it', async () => {
    const { logs } = await page('');
    for (const [index, shown] of logs.entries()) {
      const newer = await page(`after=${shown.cursor}`);
      assert.deepEqual(newer.logs, logs.slice(0, index), shown.cursor);
    }
  });

  test('a record stored later with the same time reaches a tail already at that time', async () => {
    const [newest] = (await page('')).logs;
    assert.ok(newest);
    await writeTies(['late']);
    const tail = await page(`after=${newest.cursor}`);
    assert.deepEqual(
      tail.logs.map((log) => log.body.stringValue),
      ['late'],
    );
    assert.equal(tail.logs[0]?.time, newest.time);
  });

  test('an old cursor, a bare time, still reads as before or after that time', async () => {
    const time = String(BigInt(TIE_MS) * 1_000_000n);
    assert.deepEqual((await page(`before=${time}`)).logs, []);
    assert.deepEqual((await page(`after=${time}`)).logs, []);
    assert.ok((await page(`before=${BigInt(time) + 1n}`)).logs.length >= TIES.length);
  });
});

describe('bad parameters are 400 with the reason', () => {
  const rows = [
    { query: 'start=yesterday', error: /start="yesterday"/ },
    { query: 'end=99999999999999999', error: /end="99999999999999999": expected milliseconds/ },
    { query: `start=${T0 + 10}&end=${T0}`, error: /start is after end/ },
    { query: 'minSeverity=LOUD', error: /minSeverity="LOUD"/ },
    { query: 'limit=0', error: /limit="0"/ },
    { query: 'limit=5000', error: /limit="5000"/ },
    { query: 'traceId=xyz', error: /traceId="xyz": expected 32 hex digits/ },
    { query: 'spanId=123', error: /spanId="123"/ },
    { query: 'before=soon', error: /before="soon"/ },
    { query: 'after=now', error: /after="now"/ },
    { query: 'before=1-2-3', error: /before="1-2-3": expected a cursor of this API/ },
    { query: 'after=-5', error: /after="-5"/ },
    { query: 'before=99999999999999999999-1', error: /before="99999999999999999999-1"/ },
    { query: 'after=1-99999999999999999999', error: /after="1-99999999999999999999"/ },
  ];
  for (const row of rows) {
    test(row.query, async () => {
      const response = await fetch(`${base}/api/logs?${row.query}`);
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: string }).error, row.error);
    });
  }

  test('other methods are 405', async () => {
    assert.equal((await fetch(`${base}/api/logs`, { method: 'DELETE' })).status, 405);
  });
});
