import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeLogsJson } from '@otel-lab/otlp';
import { call } from '@otel-lab/testkit';
import { startToolTestPort, type ToolTestPort } from './tool-test-port.js';

const NOW_MS = Date.now();
const TRACE = '5b8efff798038103d269b633813fc60c';
const LONG = 'x'.repeat(400);

/** One record `secondsAgo` before now, of `service`, with a severity and a body. */
function record(secondsAgo: number, service: string, severity: number, body: string, extra = {}) {
  return {
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeLogs: [
      {
        logRecords: [
          {
            timeUnixNano: String(BigInt(NOW_MS - secondsAgo * 1000) * 1_000_000n),
            severityNumber: severity,
            severityText: severity >= 17 ? 'ERROR' : 'INFO',
            body: { stringValue: body },
            ...extra,
          },
        ],
      },
    ],
  };
}

const RECORDS = [
  record(60, 'checkout', 9, 'order created', {
    traceId: TRACE,
    attributes: [{ key: 'order.id', value: { stringValue: 'order-1' } }],
  }),
  record(50, 'payment-service', 9, 'charge approved', { traceId: TRACE }),
  record(40, 'payment-service', 17, 'card declined for order-2'),
  record(30, 'checkout', 13, '{"level":"warn","stock":3}'),
  // Two hours ago: outside the default hour.
  record(7200, 'checkout', 17, 'old failure'),
  // Lines long enough that 200 of them outgrow the 32 KB cap.
  ...Array.from({ length: 200 }, (_, i) => record(1000 + i, 'chatty', 9, `${i} ${LONG}`)),
];

type Line = { timeNs: string; labels: unknown; line: string; [key: string]: unknown };

/** /loki/api/v1/query_range's lines (categorized, as Grafana asks), newest first. */
async function lokiLines(base: string, query: string, limit: number): Promise<Line[]> {
  const end = BigInt(Date.now()) * 1_000_000n;
  const params = new URLSearchParams({
    query,
    limit: String(limit),
    start: String(end - 3_600_000_000_000n),
    end: String(end),
    direction: 'backward',
  });
  const response = await call(base, 'GET', `/loki/api/v1/query_range?${params}`, {
    headers: { 'x-loki-response-encoding-flags': 'categorize-labels' },
  });
  assert.equal(response.status, 200, response.text);
  const streams = response.json.data.result as {
    stream: Record<string, string>;
    values: [string, string, Record<string, unknown>][];
  }[];
  const lines = streams.flatMap(({ stream, values }) =>
    values.map(([timeNs, line, extra]) => ({ timeNs, labels: stream, line, ...extra })),
  );
  return lines.sort((a, b) => (BigInt(b.timeNs) > BigInt(a.timeNs) ? 1 : -1));
}

describe('search_logs', () => {
  let port: ToolTestPort;
  before(async () => {
    port = await startToolTestPort(async (store) => {
      for (const request of RECORDS) {
        await store.writeLogs(decodeLogsJson(JSON.stringify({ resourceLogs: [request] })).items);
      }
    });
  });
  after(async () => {
    await port.close();
    // Every bad question above was the caller's fault: nothing reached the APIs' error log.
    assert.deepEqual(port.errors, []);
  });

  // Each: the LogQL query, the limit, how many lines.
  const queries: [string, number, number][] = [
    ['{service_name="payment-service"}', 50, 2],
    ['{service_name=~"checkout|payment-service"} |= "order"', 50, 2],
    ['{service_name="checkout"} | json', 50, 2],
    ['{service_name="chatty"}', 20, 20],
  ];
  for (const [query, limit, count] of queries) {
    test(`search_logs(${query}, limit ${limit}) says what /loki/api/v1/query_range says`, async () => {
      const { content, isError } = await port.tool('search_logs', { query, limit });
      assert.equal(isError, false);
      const items = content.items as Line[];
      assert.equal(content.total, count);
      const api = await lokiLines(port.base, query, limit);
      assert.deepEqual(
        items.map(({ time: _time, ...line }) => line),
        api,
      );
      for (const item of items) {
        assert.equal(item.time, new Date(Number(BigInt(item.timeNs) / 1_000_000n)).toISOString());
      }
    });
  }

  test('a line carries its structured metadata and what a parser extracted', async () => {
    const { content } = await port.tool('search_logs', {
      query: '{service_name="checkout"} | json',
    });
    const [warn, order] = content.items as Line[];
    assert.deepEqual(warn?.parsed, { level: 'warn', stock: '3' });
    const metadata = order?.structuredMetadata as Record<string, string> | undefined;
    assert.equal(metadata?.trace_id, TRACE);
    assert.equal(metadata?.order_id, 'order-1');
  });

  // Each: the tool's filters, /api/logs's query for the same question, how many records.
  const searches: [Record<string, unknown>, string, number][] = [
    [{ service: 'payment-service' }, 'service=payment-service', 2],
    [{ severity: 'ERROR' }, 'minSeverity=ERROR', 1],
    [{ severity: 'ERROR', since: '3h' }, 'minSeverity=ERROR', 2],
    [{ text: 'ORDER' }, 'text=ORDER', 2],
    [{ traceId: TRACE }, `traceId=${TRACE}`, 2],
    [{ attributes: { 'order.id': 'order-1' } }, 'attr.order.id=order-1', 1],
    [{ service: 'chatty', limit: 7 }, 'service=chatty', 7],
  ];
  for (const [args, query, count] of searches) {
    test(`search_logs(${JSON.stringify(args)}) says what /api/logs?${query} says`, async () => {
      const { content } = await port.tool('search_logs', args);
      const hours = args.since === '3h' ? 3 : 1;
      const end = Date.now();
      const window = `start=${end - hours * 3_600_000}&end=${end}`;
      const { logs } = (
        await call(port.base, 'GET', `/api/logs?${window}&limit=${args.limit ?? 50}&${query}`)
      ).json as { logs: Record<string, unknown>[] };
      assert.equal(content.total, count);
      assert.equal(logs.length, count);
      const items = content.items as Record<string, unknown>[];
      assert.deepEqual(
        items.map(({ timeIso: _iso, ...record }) => record),
        logs.map(({ cursor: _cursor, resource: _resource, ...record }) => record),
      );
    });
  }

  test('200 long lines outgrow 32 KB: a prefix, marked truncated, with how to narrow', async () => {
    for (const args of [
      { query: '{service_name="chatty"}', limit: 200 },
      { service: 'chatty', limit: 200 },
    ]) {
      const { content, text } = await port.tool('search_logs', args);
      const items = content.items as unknown[];
      assert.equal(content.total, 200);
      assert.equal(content.truncated, true);
      assert.ok(items.length > 0 && items.length < 200);
      assert.ok(JSON.stringify(content).length <= 32 * 1024);
      assert.match(String(content.narrow), /shorter since/);
      assert.match(text, /truncated/);
    }
  });

  for (const [args, message] of [
    [{ query: '{service_name="checkout"' }, /parse error at line 1, col \d+/],
    [{ query: 'rate({service_name="checkout"}[5m])' }, /log query/],
    [{ query: '{service_name="checkout"}', service: 'checkout' }, /either query or filters/],
    [{ since: 'an hour' }, /since: not a valid duration/],
    [{ limit: 201 }, /200/],
    [{ traceId: 'abc' }, /traceId="abc": expected 32 hex digits/],
    [{ severity: 'LOUD' }, /minSeverity="LOUD"/],
  ] as const) {
    test(`search_logs(${JSON.stringify(args)}) is an error that says what is wrong`, async () => {
      const { isError, text } = await port.tool('search_logs', args);
      assert.equal(isError, true);
      assert.match(text, message);
    });
  }

  test('a bad LogQL query gets the message and position the Loki API gives', async () => {
    const query = '{service_name="checkout"} |= ';
    const { isError, text } = await port.tool('search_logs', { query });
    const api = await call(
      port.base,
      'GET',
      `/loki/api/v1/query_range?query=${encodeURIComponent(query)}`,
    );
    assert.equal(isError, true);
    assert.equal(api.status, 400);
    assert.ok(text.includes(api.text.trim()), `${text} vs ${api.text}`);
  });
});
