/**
 * Whether idle uploads block ingest: against the backend process, (1) one POST /v1/metrics that
 * declares a 16 MiB protobuf body and sends nothing, (2) eight OTLP/gRPC Export streams that send
 * only their headers. For each: the ingest memory held meanwhile (/api/status memoryHeldBytes),
 * how long until a 20-byte OTLP/HTTP trace export is acknowledged 200 (retried every 250 ms, for
 * 70 s at most), and when and how the idle upload was ended.
 *
 *   npm run bench:idle-upload -- [--backend FILE]
 *
 * Prints a table, and last one JSON line.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:http2';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startBackendProcess } from '@otel-lab/testkit';
import { BACKEND_MAIN } from './backfill.js';
import { textTable } from './text-table.js';

const GIVE_UP_MS = 70_000;
const STREAMS = 8;

/** A 20-byte OTLP/JSON trace export's status (0 when the connection failed). */
function smallExport(otlpUrl: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end('{"resourceSpans":[]}');
  });
}

/** Milliseconds until a small export gets 200, or null past GIVE_UP_MS. */
async function msUntilAccepted(otlpUrl: string): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < GIVE_UP_MS) {
    if ((await smallExport(otlpUrl)) === 200) return Date.now() - started;
    await sleep(250);
  }
  return null;
}

interface Row {
  held: number;
  acceptedMs: number | null;
  endedMs: number | null;
  ended: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { backend: { type: 'string', default: BACKEND_MAIN } } });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-idle-upload-'));
  const backend = await startBackendProcess(values.backend, ['--data-dir', dataDir]);
  const held = async () => {
    const status = (await (await fetch(`${backend.queryUrl}/api/status`)).json()) as {
      ingest: { memoryHeldBytes: number };
    };
    return status.ingest.memoryHeldBytes;
  };
  try {
    const { port, hostname } = new URL(backend.otlpHttpUrl);
    const socket = connectTcp(Number(port), hostname);
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    const started = Date.now();
    let answer: { ms: number; line: string } | undefined;
    socket.on('data', (data) => {
      answer ??= { ms: Date.now() - started, line: String(data).split('\r\n')[0] ?? '' };
    });
    socket.write(
      'POST /v1/metrics HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-protobuf\r\nContent-Length: 16777216\r\n\r\n',
    );
    await sleep(300);
    const http: Row = {
      held: await held(),
      acceptedMs: await msUntilAccepted(backend.otlpHttpUrl),
      endedMs: null,
      ended: 'open',
    };
    for (let i = 0; i < 700 && !answer; i += 1) await sleep(100);
    http.endedMs = answer?.ms ?? null;
    http.ended = answer?.line ?? 'still open';
    socket.destroy();

    const grpcPort = /OTLP\/gRPC receiving on [^\s]+:(\d+)/.exec(backend.output())?.[1];
    const session = connect(`http://127.0.0.1:${grpcPort}`);
    session.on('error', () => undefined);
    const opened = Date.now();
    const ends: { ms: number; status: string }[] = [];
    for (let i = 0; i < STREAMS; i += 1) {
      const stream = session.request(
        {
          ':method': 'POST',
          ':path': '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          'content-type': 'application/grpc',
          te: 'trailers',
        },
        { endStream: false },
      );
      let status = '';
      const take = (headers: Record<string, unknown>) => {
        status = String(headers['grpc-status'] ?? status);
      };
      stream.on('response', take);
      stream.on('trailers', take);
      stream.on('error', () => undefined);
      stream.resume();
      stream.on('close', () => ends.push({ ms: Date.now() - opened, status }));
    }
    await sleep(500);
    const grpc: Row = {
      held: await held(),
      acceptedMs: await msUntilAccepted(backend.otlpHttpUrl),
      endedMs: null,
      ended: 'open',
    };
    for (let i = 0; i < 150 && ends.length < STREAMS; i += 1) await sleep(100);
    grpc.endedMs = ends.at(-1)?.ms ?? null;
    grpc.ended = ends.length ? `${ends.length} ended, grpc-status ${ends[0]?.status}` : 'all open';
    session.destroy();

    const cell = (ms: number | null) => (ms === null ? 'never' : String(ms));
    const rows = [
      ['idle POST declaring 16 MiB protobuf metrics', http],
      [`${STREAMS} header-only gRPC streams`, grpc],
    ] as const;
    console.log(
      textTable(
        ['idle upload', 'held bytes', 'ms to 200', 'ended at ms', 'how'],
        rows.map(([name, row]) => [
          name,
          String(row.held),
          cell(row.acceptedMs),
          cell(row.endedMs),
          row.ended,
        ]),
        [0, -1],
      ),
    );
    console.log(
      JSON.stringify({
        http_held_bytes: http.held,
        http_ms_to_200: http.acceptedMs,
        http_idle_ended_ms: http.endedMs,
        grpc_held_bytes: grpc.held,
        grpc_ms_to_200: grpc.acceptedMs,
        grpc_idle_ended_ms: grpc.endedMs,
      }),
    );
  } finally {
    await backend.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
