/**
 * What an OTLP request keeps once decoded, per byte of its body: the figures behind the ingest
 * memory budget's table (DECODED_BYTES_PER_BODY_BYTE in packages/backend/src/receive/request-memory.ts).
 *
 *   npm run bench:decoded-size -- [--items 20000]
 *
 * For each signal and encoding the parent writes one request body to a temporary file; a fresh
 * child process (node --expose-gc) reads it, decodes it as the backend does (traces into the
 * `spans` columns the decode worker hands over; logs and metrics into the objects the main thread
 * holds until they are stored, metrics also translated into samples), and reports the bytes that
 * stay reachable (heap, external and array buffers after a full GC, the body's own bytes left
 * out), and how far its peak RSS rose while decoding. Prints a table, then one JSON line of the
 * decoded bytes per body byte: {"traces_json", "traces_protobuf", "logs_json", ...}.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  applyIngestLimits,
  DECODED_BYTES_PER_BODY_BYTE,
  DEFAULT_INGEST_LIMITS,
  decodeTraces,
  translateOtlpMetrics,
} from '@otel-lab/backend';
import {
  decodeLogsJson,
  decodeLogsProtobuf,
  decodeMetricsJson,
  decodeMetricsProtobuf,
  type Encoding,
  type MetricData,
  type Signal,
} from '@otel-lab/otlp';
import { encodeRequest, requestJson } from './decoded-size-data.js';
import { textTable } from './text-table.js';

const USAGE = `usage: npm run bench:decoded-size -- [options]

Decodes one OTLP request per signal and encoding (JSON, protobuf) in a fresh process each, as the
backend does, and reports the bytes the decoded form keeps per byte of the body, and the peak RSS
rise while decoding. The last line is JSON: {"traces_json","traces_protobuf","logs_json",
"logs_protobuf","metrics_json","metrics_protobuf"}, decoded bytes per body byte.

options:
  --items N   spans, log records, or metric points (in groups of 10) per request (default 20000)
  -h, --help  this text
`;

const { values: args } = parseArgs({
  options: {
    items: { type: 'string', default: '20000' },
    child: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

interface Measured {
  bodyBytes: number;
  items: number;
  /** Bytes still reachable with the decoded form held, beyond the body's. */
  keptBytes: number;
  peakRiseBytes: number;
}

const SIGNALS: Signal[] = ['traces', 'logs', 'metrics'];
const ENCODINGS: Encoding[] = ['json', 'protobuf'];

/** Heap, external and array buffer bytes reachable now. */
function reachable(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

function decode(
  signal: Signal,
  encoding: Encoding,
  body: Uint8Array,
): { kept: unknown; items: number } {
  if (signal === 'traces') {
    const decoded = decodeTraces(encoding, body, DEFAULT_INGEST_LIMITS);
    return { kept: decoded.columns, items: decoded.columns.count };
  }
  if (signal === 'logs') {
    const logs = (encoding === 'json' ? decodeLogsJson : decodeLogsProtobuf)(body);
    const limited = applyIngestLimits('logs', logs, DEFAULT_INGEST_LIMITS);
    return { kept: limited.items, items: limited.items.length };
  }
  const metrics = (encoding === 'json' ? decodeMetricsJson : decodeMetricsProtobuf)(body);
  const limited = applyIngestLimits('metrics', metrics, DEFAULT_INGEST_LIMITS);
  const samples = translateOtlpMetrics(limited.items as MetricData[]).batch;
  return { kept: [limited.items, samples], items: samples.values.length };
}

function child(spec: string): void {
  const [signal, encoding, file] = spec.split(':') as [Signal, Encoding, string];
  const body = readFileSync(file);
  const before = reachable();
  const rssBefore = Math.max(process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const { kept, items } = decode(signal, encoding, body);
  const peak = process.resourceUsage().maxRSS * 1024;
  const after = reachable();
  const measured: Measured = {
    bodyBytes: body.length,
    items,
    keptBytes: after - before,
    peakRiseBytes: Math.max(0, peak - rssBefore),
  };
  // Keeps the decoded form reachable until after the measurement.
  if (kept === undefined) process.exitCode = 1;
  process.stdout.write(`${JSON.stringify(measured)}\n`);
}

function parent(): void {
  const items = Number(args.items);
  if (!(Number.isInteger(items) && items >= 10)) {
    process.stderr.write(`--items takes a whole number of 10 or more\n\n${USAGE}`);
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'decoded-size-'));
  const rows: string[][] = [];
  const figures: Record<string, number> = {};
  try {
    for (const signal of SIGNALS) {
      const request = requestJson(signal, items);
      for (const encoding of ENCODINGS) {
        const file = join(dir, `${signal}.${encoding}`);
        writeFileSync(
          file,
          encoding === 'json' ? JSON.stringify(request) : encodeRequest(signal, request),
        );
        const output = execFileSync(
          process.execPath,
          ['--expose-gc', __filename, '--child', `${signal}:${encoding}:${file}`],
          { encoding: 'utf8' },
        );
        const measured = JSON.parse(output) as Measured;
        const ratio = measured.keptBytes / measured.bodyBytes;
        figures[`${signal}_${encoding}`] = Math.round(ratio * 100) / 100;
        const table = DECODED_BYTES_PER_BODY_BYTE[signal][encoding];
        rows.push([
          `${signal} ${encoding}`,
          (measured.bodyBytes / 1e6).toFixed(1),
          String(measured.items),
          ratio.toFixed(2),
          (measured.peakRiseBytes / measured.bodyBytes).toFixed(1),
          table.toFixed(2),
          table >= ratio ? 'covered' : 'UNDER',
        ]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `${textTable(
      ['request', 'body MB', 'items', 'kept/body', 'peak rise/body', 'table/body', 'table'],
      rows,
      [0, -1],
    )}\n\nkept: bytes reachable with the decoded form held (traces: the spans columns; logs and\nmetrics: the limited objects, metrics with their samples), per body byte. table: what the\nbudget counts for it (DECODED_BYTES_PER_BODY_BYTE), covered when not under kept. peak rise:\nRSS growth while decoding one request, the decoder's working set (one request at a time per\nthread).\n\n${JSON.stringify(figures)}\n`,
  );
}

if (args.child) child(args.child);
else parent();
