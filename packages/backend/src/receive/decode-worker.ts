/**
 * The decode worker's thread: trace requests in, `spans` columns out (transferred, not copied);
 * log requests in, `logs` columns out, in the same way.
 * Decoding and building the column text is most of ingest's CPU; here it runs beside the main
 * thread's DuckDB appends instead of before them. With span metrics on, the spans are also
 * counted here, while they are still objects, and every flush posts one SampleBatch back: the
 * main thread's only work for span metrics is to store it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Encoding, OtlpDecodeError } from '@otel-lab/otlp';
import type { SampleBatch } from '../metrics/sample.js';
import { createSpanDerivedMetrics } from '../metrics/span-derived-metrics.js';
import { createIngestLevels } from '../storage/ingest-level.js';
import { columnBuffers } from '../storage/text-cells.js';
import { decodeLogs } from './decode-logs.js';
import { decodeTraces } from './decode-traces.js';
import type { IngestLimits } from './ingest-limits.js';

/** What the pool tells the worker at start. */
export interface DecodeWorkerData {
  spanMetrics?: { flushIntervalMs?: number };
}

export interface DecodeRequest {
  id: number;
  /** Absent for traces. */
  signal?: 'logs';
  encoding: Encoding;
  body: Uint8Array;
  limits: IngestLimits;
}

/** Asks for the span metrics to be flushed now (at shutdown). */
export interface FlushRequest {
  id: number;
  flush: true;
}

export type DecodeReply =
  | { id: number; decoded: ReturnType<typeof decodeTraces> }
  | { id: number; decodedLogs: ReturnType<typeof decodeLogs> }
  | { id: number; error: string; undecodable: boolean }
  | { id: number; flushed: true }
  | { samples: SampleBatch };

/** The buffers of a batch's columns, to transfer rather than copy. */
export function sampleBatchBuffers(batch: SampleBatch): ArrayBuffer[] {
  const buffers = new Set([batch.timestampsMs.buffer, batch.values.buffer] as ArrayBuffer[]);
  return [...buffers];
}

const options = (workerData ?? {}) as DecodeWorkerData;
const spanMetrics = options.spanMetrics
  ? createSpanDerivedMetrics({
      flushIntervalMs: options.spanMetrics.flushIntervalMs,
      sink: {
        append: async (batch) => {
          const reply: DecodeReply = { samples: batch };
          parentPort?.postMessage(reply, sampleBatchBuffers(batch));
        },
      },
    })
  : undefined;
spanMetrics?.start();
const consume = spanMetrics
  ? (spans: Parameters<typeof spanMetrics.consume>[0]) => spanMetrics.consume(spans)
  : undefined;

const levels = createIngestLevels();

parentPort?.on('message', (request: DecodeRequest | FlushRequest) => {
  if ('flush' in request) {
    void (spanMetrics?.flush() ?? Promise.resolve()).then(() => {
      const reply: DecodeReply = { id: request.id, flushed: true };
      parentPort?.postMessage(reply);
    });
    return;
  }
  try {
    if (request.signal === 'logs') {
      const decodedLogs = decodeLogs(request.encoding, request.body, request.limits, levels);
      const reply: DecodeReply = { id: request.id, decodedLogs };
      parentPort?.postMessage(reply, columnBuffers(decodedLogs.columns));
      return;
    }
    const decoded = decodeTraces(request.encoding, request.body, request.limits, consume);
    const reply: DecodeReply = { id: request.id, decoded };
    parentPort?.postMessage(reply, columnBuffers(decoded.columns));
  } catch (error) {
    const reply: DecodeReply = {
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
      undecodable: error instanceof OtlpDecodeError,
    };
    parentPort?.postMessage(reply);
  }
});
