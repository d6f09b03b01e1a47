import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { decodeLogsJson, decodeTracesJson } from '@otel-lab/otlp';
import { call } from '@otel-lab/testkit';
import { registerJaegerApi } from '../query/jaeger/jaeger-api.js';
import type { JaegerSpan, JaegerTrace } from '../query/jaeger/to-jaeger-json.js';
import { registerLogsApi } from '../query/native/logs-api.js';
import { createHostPolicy } from '../serve/host-policy.js';
import { createQueryPortHandler } from '../serve/query-port.js';
import { createQueryRouter } from '../serve/query-router.js';
import { openTelemetryStore, type TelemetryStore } from '../storage/telemetry-store.js';
import type { TreeNode } from './collapse-siblings.js';
import { registerMcpApi } from './mcp-api.js';
import type { PickedSpans } from './pick-spans.js';
import {
  BIG_TRACE,
  CLEAN_TRACE,
  fixtureLogs,
  fixtureTraces,
  HOSTILE_MESSAGE,
  ORDER_TRACE,
} from './trace-detail-fixture.js';
import type { TraceTree } from './trace-tree.js';

const CAP = 32 * 1024;

/** The query port with the Jaeger API, the log search and /mcp. */
async function startPort(store: TelemetryStore) {
  const router = createQueryRouter();
  const onError = (error: unknown) => console.error(error);
  registerJaegerApi(router, store.readers, { onError });
  registerLogsApi(router, store.reader, { onError });
  registerMcpApi(router, { readers: store.readers, reader: store.reader }, { log: () => {} });
  const log = () => {};
  const server = createServer(createQueryPortHandler({ router, log, hosts: createHostPolicy([]) }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise((done) => server.close(done)) };
}

const flatten = (nodes: TreeNode[]): TreeNode[] =>
  nodes.flatMap((node) => [node, ...flatten(node.children)]);

describe('get_trace, get_spans and explain_trace_errors', () => {
  let store: TelemetryStore;
  let dataDir: string;
  let port: Awaited<ReturnType<typeof startPort>>;
  let client: Client;
  const apiTrace = async (id: string) =>
    (
      (await call(port.base, 'GET', `/api/traces/${id}`)).json.data as JaegerTrace[]
    )[0] as JaegerTrace;
  const tool = async (name: string, args: Record<string, unknown>) => {
    const result = await client.callTool({ name, arguments: args });
    assert.ok(
      JSON.stringify(result.structuredContent ?? {}).length <= CAP,
      `${name} within the cap`,
    );
    return result;
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mcp-trace-'));
    store = await openTelemetryStore({ dataDir });
    await store.writeSpans(decodeTracesJson(Buffer.from(JSON.stringify(fixtureTraces()))).items);
    await store.writeLogs(decodeLogsJson(Buffer.from(JSON.stringify(fixtureLogs()))).items);
    port = await startPort(store);
    client = new Client({ name: 'trace-tools-test', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', port.base)));
  });
  after(async () => {
    await client.close();
    await port.close();
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('get_trace: the tree says what /api/traces/{id} says', async () => {
    const tree = (await tool('get_trace', { traceId: ORDER_TRACE }))
      .structuredContent as unknown as TraceTree;
    const api = await apiTrace(ORDER_TRACE);
    assert.equal(tree.traceId, api.traceID);
    assert.equal(tree.spanCount, api.spans.length);
    assert.equal(
      tree.errorCount,
      api.spans.filter((span) => span.tags.some((tag) => tag.key === 'error')).length,
    );
    assert.deepEqual(tree.services, ['demo-app', 'payment-service']);
    assert.equal(tree.rootName, 'POST /api/orders');
    assert.equal(tree.durationMs, 500);
    assert.equal(tree.truncated, false);
    const nodes = flatten(tree.tree);
    for (const node of nodes) {
      const span = api.spans.find((one) => one.spanID === node.spanId) as JaegerSpan;
      assert.equal(node.name, span.operationName);
      assert.equal(node.service, api.processes[span.processID]?.serviceName);
      if (!node.count) assert.equal(node.durationMs, span.duration / 1000);
    }
    // Five alike database calls are one node; the path through the failed payment is the slowest.
    const db = nodes.find((node) => node.name === 'db_query');
    assert.equal(db?.count, 5);
    assert.deepEqual(db?.attributes, { 'db.system': 'sqlite' });
    assert.deepEqual(
      nodes.filter((node) => node.slowest).map((node) => node.name),
      ['POST /api/orders', 'payment', 'POST /charge'],
    );
    const charge = nodes.find((node) => node.name === 'POST /charge');
    assert.equal(charge?.error, true);
    assert.deepEqual(charge?.attributes, {
      'exception.type': 'PaymentError',
      'payment.id': 'pay-7',
      'payment.order_id': 'ord-1',
      'payment.status': 'failed',
    });
    assert.equal(nodes[0]?.attributes['http.response.status_code'], 502);
  });

  test('get_trace: 1,000 spans are cut to 200 nodes and 32 KB, saying so', async () => {
    const result = await tool('get_trace', { traceId: BIG_TRACE });
    const tree = result.structuredContent as unknown as TraceTree;
    assert.equal(tree.spanCount, (await apiTrace(BIG_TRACE)).spans.length);
    assert.equal(tree.spanCount, 1000);
    assert.ok(tree.nodes <= 200 && tree.nodes > 10, String(tree.nodes));
    assert.equal(tree.truncated, true);
    assert.match(tree.narrow ?? '', /get_spans/);
    assert.equal(tree.tree[0]?.spansOmitted, 1000 - tree.nodes);
    assert.match(JSON.stringify(result.content), /truncated/);
  });

  const badIds: [string, RegExp][] = [
    ['xyz', /expected 32 \(or 16\) hex digits/],
    ['123', /expected 32 \(or 16\) hex digits/],
    [`${ORDER_TRACE}0`, /expected 32 \(or 16\) hex digits/],
    ['0123456789abcdef0123456789abcdef', /trace 0123456789abcdef0123456789abcdef not found/],
  ];
  for (const name of ['get_trace', 'explain_trace_errors']) {
    for (const [traceId, message] of badIds) {
      test(`${name}(${traceId}) is an error result that says what is wrong`, async () => {
        const result = await tool(name, { traceId });
        assert.equal(result.isError, true);
        assert.match(JSON.stringify(result.content), message);
      });
    }
  }

  test('an unknown trace is what /api/traces/{id} says it is: not found', async () => {
    assert.equal(
      (await call(port.base, 'GET', '/api/traces/0123456789abcdef0123456789abcdef')).status,
      404,
    );
  });

  test('get_spans: every field of those spans, as /api/traces/{id} has them', async () => {
    const spanIds = ['0000000000000003', '1', 'ABCDEF0123456789'];
    const picked = (await tool('get_spans', { traceId: ORDER_TRACE, spanIds }))
      .structuredContent as unknown as PickedSpans;
    const api = await apiTrace(ORDER_TRACE);
    const expected = ['0000000000000003', '0000000000000001'].map((id) => {
      const span = api.spans.find((one) => one.spanID === id) as JaegerSpan;
      return { ...span, process: api.processes[span.processID] };
    });
    assert.deepEqual(picked.spans, expected);
    assert.deepEqual(picked.missing, ['abcdef0123456789']);
    assert.equal(picked.truncated, false);
  });

  test('get_spans: spans past 32 KB are left out and named', async () => {
    const spanIds = Array.from({ length: 20 }, (_, i) => (i + 1).toString(16).padStart(16, '0'));
    const picked = (await tool('get_spans', { traceId: BIG_TRACE, spanIds }))
      .structuredContent as unknown as PickedSpans;
    assert.equal(picked.truncated, true);
    assert.ok(picked.spans.length > 0 && picked.left.length > 0);
    assert.deepEqual([...picked.spans.map((span) => span.spanID), ...picked.left], spanIds);
    assert.match(picked.narrow ?? '', /left/);
  });

  const badSpans: [Record<string, unknown>, RegExp][] = [
    [{ traceId: ORDER_TRACE, spanIds: ['not-hex'] }, /spanId .*not-hex.*: expected 16 hex digits/],
    [{ traceId: ORDER_TRACE, spanIds: Array.from({ length: 21 }, (_, i) => String(i + 1)) }, /20/],
    [{ traceId: ORDER_TRACE, spanIds: [] }, /spanIds/],
    [{ traceId: 'nope', spanIds: ['1'] }, /expected 32 \(or 16\) hex digits/],
  ];
  for (const [args, message] of badSpans) {
    test(`get_spans(${JSON.stringify(args).slice(0, 60)}) is an error result`, async () => {
      const result = await tool('get_spans', args);
      assert.equal(result.isError, true);
      assert.match(JSON.stringify(result.content), message);
    });
  }

  test('explain_trace_errors: the failed spans, their exceptions and logs, as data', async () => {
    const result = await tool('explain_trace_errors', { traceId: ORDER_TRACE });
    const answer = result.structuredContent as {
      errorCount: number;
      logsFrom: string;
      logsTo: string;
      items: {
        spanId: string;
        name: string;
        service: string;
        statusMessage: string;
        parents: { name: string }[];
        exceptionCount: number;
        depth: number;
        exceptions: { type: string; message: string; stacktrace: string }[];
        logs: { time: string; body: string; severityText: string }[];
      }[];
    };
    assert.equal(answer.errorCount, 3);
    assert.deepEqual(
      answer.items.map((item) => item.name),
      ['POST /api/orders', 'payment', 'POST /charge'],
    );
    const charge = answer.items[2];
    assert.equal(charge?.service, 'payment-service');
    assert.equal(charge?.statusMessage, HOSTILE_MESSAGE);
    assert.deepEqual(
      charge?.parents.map((parent) => parent.name),
      ['POST /api/orders', 'payment'],
    );
    assert.equal(charge?.exceptions[0]?.type, 'PaymentError');
    assert.equal(charge?.exceptions[0]?.message, 'card declined');
    assert.equal(charge?.exceptions[0]?.stacktrace.length, 2000);
    assert.deepEqual([charge?.exceptionCount, charge?.depth], [1, 2]);
    // The same records GET /api/logs finds for the span, oldest first.
    for (const item of answer.items) {
      const query = new URLSearchParams({
        traceId: ORDER_TRACE,
        spanId: item.spanId,
        start: answer.logsFrom,
        end: answer.logsTo,
      });
      const api = (await call(port.base, 'GET', `/api/logs?${query}`)).json.logs as {
        time: string;
        body: { stringValue: string };
      }[];
      assert.deepEqual(
        item.logs.map((log) => [log.time, log.body]),
        api.reverse().map((log) => [log.time, log.body.stringValue]),
      );
    }
    assert.deepEqual(
      charge?.logs.map((log) => log.body),
      ['charging card', 'card declined'],
    );
    // The span's own words stay in the data: the text is counts.
    const text = JSON.stringify(result.content);
    assert.doesNotMatch(text, /IGNORE/);
    assert.match(text, /3 error spans/);
  });

  test('explain_trace_errors on a trace without errors: an empty list, "no error spans"', async () => {
    const result = await tool('explain_trace_errors', { traceId: CLEAN_TRACE });
    assert.equal(result.isError, undefined);
    assert.deepEqual((result.structuredContent as { items: unknown[] }).items, []);
    assert.match(JSON.stringify(result.content), /no error spans/);
  });
});
