import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Encoding, OtlpDecodeError } from '@otel-lab/otlp';
import { QueueFullError } from '../storage/write-queue.js';
import { type DecodedSpans, decodeTraces } from './decode-traces.js';
import type { IngestLimits } from './ingest-limits.js';
import type { DecodeReply, DecodeRequest } from './trace-decode-worker.js';

export interface TraceDecoder {
  decode(encoding: Encoding, body: Uint8Array, limits: IngestLimits): Promise<DecodedSpans>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (decoded: DecodedSpans) => void;
  reject: (error: Error) => void;
}

/**
 * One worker thread that decodes trace requests while the main thread appends and commits.
 * One is right for two cores: a second competes with the main thread and only lengthens the
 * acknowledgement tail (notes/duckdb-span-ingest.md §4). At most `maxInFlight` requests wait
 * for it; beyond that the receiver answers 503, as it does when the write queue is full.
 */
export function createTraceDecodeWorker(maxInFlight = 64): TraceDecoder {
  const worker = new Worker(join(__dirname, 'trace-decode-worker.js'));
  worker.unref();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: Error | undefined;

  const failAll = (error: Error) => {
    failure = error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: DecodeReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if ('decoded' in reply) waiting.resolve(reply.decoded);
    else if (reply.undecodable) waiting.reject(new OtlpDecodeError(reply.error));
    else waiting.reject(new Error(`decode worker: ${reply.error}`));
  });
  worker.on('error', (error) => failAll(new Error(`decode worker failed: ${error.message}`)));
  worker.on('exit', (code) => failAll(new Error(`decode worker exited with code ${code}`)));

  return {
    decode(encoding, body, limits) {
      if (failure) return Promise.reject(failure);
      if (pending.size >= maxInFlight) {
        return Promise.reject(
          new QueueFullError(`decode queue full (${maxInFlight} requests waiting)`),
        );
      }
      const id = nextId++;
      // A copy in an ArrayBuffer of its own: transferring a view of a pooled buffer would move
      // (or clone) the whole pool.
      const own = new Uint8Array(body);
      const request: DecodeRequest = { id, encoding, body: own, limits };
      return new Promise<DecodedSpans>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage(request, [own.buffer]);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
      failAll(new Error('decode worker closed'));
    },
  };
}

/** Decodes in the caller's thread: for imports, tests and embedders without a worker. */
export const IN_PROCESS_TRACE_DECODER: TraceDecoder = {
  decode: async (encoding, body, limits) => decodeTraces(encoding, body, limits),
  close: async () => undefined,
};
