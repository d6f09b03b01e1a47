import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Agent, createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import type { IngestSink } from './ingest.js';
import { createIngestBudget, type IngestBudget } from './ingest-budget.js';
import { createOtlpHttpHandler } from './otlp-http.js';
import { requestBytes } from './request-memory.js';

const MAX_BODY = 1024 * 1024;

/** A sink that counts spans and holds each write until `open()` (or fails it when told to). */
function gatedSink() {
  let gate = Promise.resolve();
  let openGate: () => void = () => undefined;
  const sink = {
    spans: 0,
    fail: false,
    close() {
      gate = new Promise<void>((resolve) => {
        openGate = resolve;
      });
    },
    open: () => openGate(),
    async writeSpanColumns(columns: { count: number }) {
      await gate;
      if (sink.fail) throw new Error('disk full');
      sink.spans += columns.count;
    },
    writeLogColumns: async () => undefined,
    writeMetrics: async () => undefined,
    writeSamples: async () => undefined,
  };
  return sink;
}

/** An OTLP/JSON trace request of `count` spans, `padding` characters of attribute each. */
function traces(count: number, padding = 100): Buffer {
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: 'GET /',
    startTimeUnixNano: '1000000000',
    endTimeUnixNano: '2000000000',
    attributes: [{ key: 'pad', value: { stringValue: 'x'.repeat(padding) } }],
  }));
  return Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }));
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/**
 * POSTs `chunks` to /v1/traces one by one; `stop` leaves the body unfinished (the request stays
 * open until the answer comes or the test aborts it).
 */
function post(
  url: string,
  options: {
    chunks: Buffer[];
    headers?: Record<string, string | number>;
    stop?: boolean;
    agent?: Agent;
  },
): { answer: Promise<Answer>; abort: () => void } {
  const req = request(`${url}/v1/traces`, {
    method: 'POST',
    agent: options.agent,
    headers: { 'content-type': 'application/json', ...options.headers },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }),
      );
    });
    req.on('error', reject);
  });
  for (const chunk of options.chunks) req.write(chunk);
  if (!options.stop) req.end();
  else req.flushHeaders();
  return { answer, abort: () => req.destroy() };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await sleep(10);
  assert.ok(condition(), what);
}

let server: Server;
let url: string;
let budget: IngestBudget;
let sink: ReturnType<typeof gatedSink>;

before(async () => {
  budget = createIngestBudget(1024 * 1024);
  sink = gatedSink();
  server = createServer(
    createOtlpHttpHandler({
      sink: sink as unknown as IngestSink,
      budget,
      maxBodyBytes: MAX_BODY,
      onError: () => undefined,
    }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server.close());

describe('OTLP/HTTP within the ingest memory budget', () => {
  const encodings = [
    { type: 'application/json', check: (body: Buffer) => JSON.parse(body.toString()).message },
    // RpcStatus: field 1 (code) 14, then the message as field 2.
    { type: 'application/x-protobuf', check: (body: Buffer) => body.toString('latin1') },
  ];
  for (const { type, check } of encodings) {
    test(`past the budget, ${type} is answered 503, Retry-After and a Status, before its body is read`, async () => {
      const held = budget.reserve(200 * 1024);
      const refusedBefore = budget.refusedRequests;
      try {
        // 900 KB declared, 10 bytes sent: only a refusal before reading can answer this.
        const { answer, abort } = post(url, {
          chunks: [Buffer.from('{"resource')],
          headers: { 'content-type': type, 'content-length': 900_000 },
          stop: true,
        });
        const { status, headers, body } = await answer;
        abort();
        assert.equal(status, 503);
        assert.equal(headers['retry-after'], '1');
        assert.equal(headers['content-type'], type);
        assert.match(check(body), /ingest memory budget full/);
        if (type === 'application/x-protobuf') assert.deepEqual([...body.subarray(0, 2)], [8, 14]);
        assert.equal(budget.refusedRequests, refusedBefore + 1);
        assert.equal(budget.heldBytes, 200 * 1024, 'the refused request holds nothing');
      } finally {
        held.release();
      }
    });
  }

  test('a refused body is drained, not kept: the connection answers the next request', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const held = budget.reserve(1000 * 1024);
    try {
      const body = traces(500);
      const refused = await post(url, { chunks: [body], agent }).answer;
      assert.equal(refused.status, 503);
      held.release();
      const accepted = await post(url, { chunks: [body], agent }).answer;
      assert.equal(accepted.status, 200, accepted.body.toString());
    } finally {
      held.release();
      agent.destroy();
    }
  });

  const unknownLength: { name: string; chunks: () => Buffer[]; headers: Record<string, string> }[] =
    [
      { name: 'a chunked body', chunks: () => [traces(2000), traces(2000)], headers: {} },
      {
        // ~900 KB of JSON in a few KB of gzip: only the decompressed bytes tell.
        name: 'a gzipped body',
        chunks: () => [gzipSync(traces(4000))],
        headers: { 'content-encoding': 'gzip' },
      },
    ];
  for (const row of unknownLength) {
    test(`${row.name} grows its reservation as it is read, and is refused past the budget`, async () => {
      // Another request holds a little, so this one is not served alone.
      const held = budget.reserve(100 * 1024);
      const refusedBefore = budget.refusedRequests;
      try {
        const sent = post(url, { chunks: row.chunks(), headers: row.headers });
        const { status, headers } = await sent.answer;
        assert.equal(status, 503);
        assert.equal(headers['retry-after'], '1');
        assert.equal(budget.refusedRequests, refusedBefore + 1);
        assert.equal(budget.heldBytes, 100 * 1024);
      } finally {
        held.release();
      }
    });
  }

  test('the reservation is held until the batch is stored, then released', async () => {
    const body = traces(100);
    sink.close();
    const { answer } = post(url, { chunks: [body], headers: { 'content-length': body.length } });
    await until(() => budget.heldBytes > 0, 'reserved while the write waits');
    assert.equal(budget.heldBytes, requestBytes('traces', 'json', body.length));
    sink.open();
    assert.equal((await answer).status, 200);
    assert.equal(budget.heldBytes, 0);
  });

  test('released on a decode error, a storage failure and a client gone mid-body', async () => {
    assert.equal(
      (await post(url, { chunks: [Buffer.from('{"resourceSpans":')] }).answer).status,
      400,
    );
    assert.equal(budget.heldBytes, 0, 'after 400');

    sink.fail = true;
    try {
      assert.equal((await post(url, { chunks: [traces(10)] }).answer).status, 503);
    } finally {
      sink.fail = false;
    }
    assert.equal(budget.heldBytes, 0, 'after a storage failure');

    const { answer, abort } = post(url, {
      chunks: [Buffer.from('{"resourceSpans":[')],
      headers: { 'content-length': 100_000 },
      stop: true,
    });
    answer.catch(() => undefined);
    await until(() => budget.heldBytes > 0, 'reserved while the body arrives');
    abort();
    await until(() => budget.heldBytes === 0, 'released once the client is gone');
  });

  test('requests at once: those that fit are stored, the rest refused, all released', async () => {
    const body = traces(300);
    const each = requestBytes('traces', 'json', body.length);
    const fits = Math.floor(budget.limitBytes / each);
    assert.ok(fits >= 2 && fits < 10, `${fits} requests fit`);
    sink.close();
    const spansBefore = sink.spans;
    const refusedBefore = budget.refusedRequests;
    const sent = Array.from({ length: 10 }, () =>
      post(url, { chunks: [body], headers: { 'content-length': body.length } }),
    );
    // Every request has arrived: those that fit wait for the write, the others are refused.
    await until(
      () =>
        budget.heldBytes === fits * each && budget.refusedRequests === refusedBefore + 10 - fits,
      'the budget filled, the rest refused',
    );
    sink.open();
    const answers = await Promise.all(sent.map((s) => s.answer));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [...Array(fits).fill(200), ...Array(10 - fits).fill(503)]);
    assert.equal(sink.spans - spansBefore, fits * 300, 'every acknowledged span stored');
    assert.equal(budget.heldBytes, 0);
  });
});
