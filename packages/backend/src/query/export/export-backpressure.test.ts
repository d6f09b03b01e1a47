import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeLogsJson } from '@otel-lab/otlp';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createExportHandler } from './export-api.js';

const T0 = 1_800_000_000_000;
/** Enough records that the export (about 14 MB) is far larger than the kernel's socket buffers. */
const RECORDS = 30_000;
const BATCH = 5_000;
const FILLER = 'x'.repeat(300);

let store: TelemetryStore;
let server: ReturnType<typeof createServer>;
let port: number;
/** The server side of the last export, to watch what it holds in memory, and its handler. */
let serving: ServerResponse | undefined;
let exporting: Promise<boolean> | undefined;
const errors: unknown[] = [];

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'export-slow-')) });
  for (let from = 0; from < RECORDS; from += BATCH) {
    const logRecords = Array.from({ length: BATCH }, (_, i) => ({
      timeUnixNano: String(BigInt(T0 + from + i) * 1_000_000n),
      body: { stringValue: `record ${from + i} ${FILLER}` },
    }));
    const request = { resourceLogs: [{ scopeLogs: [{ logRecords }] }] };
    await store.writeLogs(decodeLogsJson(JSON.stringify(request)).items);
  }
  const handler = createExportHandler(store.reader, { onError: (error) => errors.push(error) });
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    serving = response;
    exporting = handler(request, response);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  store.close();
});

const PATH = `/api/export?start=${T0}&end=${T0 + RECORDS}`;

test('a slow reader holds the export back: what the server buffers stays bounded', async () => {
  const response = await new Promise<IncomingMessage>((resolve) =>
    get({ host: '127.0.0.1', port, path: PATH, agent: false }, resolve),
  );
  assert.equal(response.statusCode, 200);
  response.pause();
  // While nothing is read, sample what the server holds (its buffer and the socket's).
  let most = 0;
  for (let i = 0; i < 75; i += 1) {
    await sleep(20);
    most = Math.max(most, serving?.writableLength ?? 0);
  }
  const endedUnread = serving?.writableEnded;
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.resume();
  await new Promise((resolve) => response.once('end', resolve));
  const body = Buffer.concat(chunks).toString('utf8');
  const lines = body.trim().split('\n');
  const records = lines.reduce(
    (sum, line) => sum + (line.match(/"timeUnixNano"/g) ?? []).length,
    0,
  );
  assert.equal(records, RECORDS, 'every record arrives once the reader reads');
  const longest = Math.max(...lines.map((line) => Buffer.byteLength(line) + 1));
  // One line over the socket's buffer at most, where ignoring backpressure buffers the rest.
  assert.ok(most <= longest + 64 * 1024, `${most} bytes held, lines up to ${longest}`);
  assert.ok(body.length > 10 * (longest + 64 * 1024), 'the export is far larger than the bound');
  assert.equal(endedUnread, false, 'the export waited for the reader');
  assert.deepEqual(errors, []);
});

test('a client that goes away stops the export', async () => {
  const response = await new Promise<IncomingMessage>((resolve) =>
    get({ host: '127.0.0.1', port, path: PATH, agent: false }, resolve),
  );
  response.pause();
  await sleep(100);
  const stopped = serving as ServerResponse;
  const handled = exporting as Promise<boolean>;
  response.destroy();
  // The handler returns: the export stopped reading the store, rather than running on.
  const outcome = await Promise.race([handled, sleep(5000, 'still exporting')]);
  assert.equal(outcome, true);
  assert.equal(stopped.destroyed, true);
  assert.equal(stopped.writableEnded, false, 'never finished');
  assert.deepEqual(errors, [], 'a client going away is no error');
});
