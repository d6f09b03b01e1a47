import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Encoding, OtlpDecodeError } from '@otel-lab/otlp';
import type { SampleBatch } from '../metrics/sample.js';
import { createSpanDerivedMetrics } from '../metrics/span-derived-metrics.js';
import { createIngestLevels } from '../storage/ingest-level.js';
import { QueueFullError } from '../storage/write-queue.js';
import { type DecodedLogs, decodeLogs } from './decode-logs.js';
import { type DecodedSpans, decodeTraces } from './decode-traces.js';
import type {
  DecodeReply,
  DecodeRequest,
  DecodeWorkerData,
  FlushRequest,
} from './decode-worker.js';
import type { IngestLimits } from './ingest-limits.js';

export interface RequestDecoder {
  /** Decodes `body`, which may be taken (detached) from the caller: callers hand it over. */
  decode(encoding: Encoding, body: Uint8Array, limits: IngestLimits): Promise<DecodedSpans>;
  /** The same for a logs request: `logs` columns, detected_level computed. */
  decodeLogs(encoding: Encoding, body: Uint8Array, limits: IngestLimits): Promise<DecodedLogs>;
  /** Flushes span metrics (when on) and waits for them to be stored, then stops. */
  close(): Promise<void>;
}

/** Span metrics (calls, durations, service graph) derived from the decoded spans. */
export interface SpanMetricsOutput {
  /** Stores a flushed batch; failures are the callee's to report (the next flush repeats totals). */
  onSamples: (batch: SampleBatch) => Promise<void>;
  flushIntervalMs?: number;
}

export interface DecoderOptions {
  /** Requests that may wait for the worker before the receiver answers 503. */
  maxInFlight?: number;
  spanMetrics?: SpanMetricsOutput;
}

interface Pending {
  // biome-ignore lint/suspicious/noExplicitAny: a request's reply type is its caller's
  resolve: (decoded: any) => void;
  reject: (error: Error) => void;
}

/** The most bytes that may move to the worker with a body, before it in its buffer. */
const MAX_BYTES_BEFORE_BODY = 16;

/** How long close() waits for the worker's last span metrics flush. */
const FINAL_FLUSH_MS = 2000;

/**
 * One worker thread that decodes trace and log requests while the main thread appends and commits.
 * One is right for two cores: a second competes with the main thread and only lengthens the
 * acknowledgement tail (notes/duckdb-span-ingest.md §4). At most `maxInFlight` requests wait
 * for it; beyond that the receiver answers 503, as it does when the write queue is full.
 *
 * Span metrics are counted in the worker (see decode-worker.ts). They count a span when it
 * is decoded: a request whose write then fails, and that the client resends, is counted twice.
 */
export function createDecodeWorker(options: DecoderOptions = {}): RequestDecoder {
  const maxInFlight = options.maxInFlight ?? 64;
  const data: DecodeWorkerData = options.spanMetrics
    ? { spanMetrics: { flushIntervalMs: options.spanMetrics.flushIntervalMs } }
    : {};
  const worker = new Worker(join(__dirname, 'decode-worker.js'), { workerData: data });
  worker.unref();
  const pending = new Map<number, Pending>();
  const flushes = new Map<number, () => void>();
  const writes = new Set<Promise<void>>();
  let nextId = 1;
  let failure: Error | undefined;

  const failAll = (error: Error) => {
    failure = error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
    for (const done of flushes.values()) done();
    flushes.clear();
  };
  worker.on('message', (reply: DecodeReply) => {
    if ('samples' in reply) {
      const write = (options.spanMetrics?.onSamples(reply.samples) ?? Promise.resolve()).catch(
        () => undefined,
      );
      writes.add(write);
      void write.finally(() => writes.delete(write));
      return;
    }
    if ('flushed' in reply) {
      flushes.get(reply.id)?.();
      flushes.delete(reply.id);
      return;
    }
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if ('decoded' in reply) waiting.resolve(reply.decoded);
    else if ('decodedLogs' in reply) waiting.resolve(reply.decodedLogs);
    else if (reply.undecodable) waiting.reject(new OtlpDecodeError(reply.error));
    else waiting.reject(new Error(`decode worker: ${reply.error}`));
  });
  worker.on('error', (error) => failAll(new Error(`decode worker failed: ${error.message}`)));
  worker.on('exit', (code) => failAll(new Error(`decode worker exited with code ${code}`)));

  /** Resolves once the worker has posted its last span metrics, or after FINAL_FLUSH_MS. */
  function finalFlush(): Promise<void> {
    if (!options.spanMetrics || failure) return Promise.resolve();
    const id = nextId++;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, FINAL_FLUSH_MS);
      flushes.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
      const request: FlushRequest = { id, flush: true };
      worker.postMessage(request);
    });
  }

  function post<T>(
    signal: 'logs' | undefined,
    encoding: Encoding,
    body: Uint8Array,
    limits: IngestLimits,
  ): Promise<T> {
    if (failure) return Promise.reject(failure);
    if (pending.size >= maxInFlight) {
      return Promise.reject(
        new QueueFullError(`decode queue full (${maxInFlight} requests waiting)`),
      );
    }
    const id = nextId++;
    // A body that is all of its ArrayBuffer (as read-body.ts reads them), or all but a few
    // bytes before it (gRPC's message header), moves to the worker as it is and is detached
    // here; any other view is copied first: transferring a view of a pooled buffer would move
    // (or clone) the whole pool.
    const movable =
      body.buffer instanceof ArrayBuffer &&
      body.byteOffset <= MAX_BYTES_BEFORE_BODY &&
      body.byteOffset + body.byteLength === body.buffer.byteLength;
    const own = movable
      ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
      : new Uint8Array(body);
    const request: DecodeRequest = {
      id,
      encoding,
      body: own,
      limits,
      ...(signal ? { signal } : {}),
    };
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage(request, [own.buffer]);
    });
  }

  return {
    decode: (encoding, body, limits) => post<DecodedSpans>(undefined, encoding, body, limits),
    decodeLogs: (encoding, body, limits) => post<DecodedLogs>('logs', encoding, body, limits),
    async close() {
      await finalFlush();
      // The batch answering the flush was posted before the reply, so its write has started.
      await Promise.all(writes);
      worker.removeAllListeners('exit');
      await worker.terminate();
      failAll(new Error('decode worker closed'));
    },
  };
}

/** Decodes in the caller's thread: for imports, tests and embedders without a worker. */
const inProcessLevels = createIngestLevels();
export const IN_PROCESS_DECODER: RequestDecoder = {
  decode: async (encoding, body, limits) => decodeTraces(encoding, body, limits),
  decodeLogs: async (encoding, body, limits) => decodeLogs(encoding, body, limits, inProcessLevels),
  close: async () => undefined,
};

/** Decodes in the caller's thread, deriving span metrics there too. */
export function createInProcessDecoder(spanMetrics: SpanMetricsOutput): RequestDecoder {
  const derived = createSpanDerivedMetrics({
    flushIntervalMs: spanMetrics.flushIntervalMs,
    sink: { append: spanMetrics.onSamples },
  });
  derived.start();
  const consume = (spans: Parameters<typeof derived.consume>[0]) => derived.consume(spans);
  const levels = createIngestLevels();
  return {
    decode: async (encoding, body, limits) => decodeTraces(encoding, body, limits, consume),
    decodeLogs: async (encoding, body, limits) => decodeLogs(encoding, body, limits, levels),
    close: () => derived.stop(),
  };
}
