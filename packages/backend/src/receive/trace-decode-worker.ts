/**
 * The decode worker's thread: trace requests in, `spans` columns out (transferred, not copied).
 * Decoding and building the column text is most of ingest's CPU; here it runs beside the main
 * thread's DuckDB appends instead of before them.
 */
import { parentPort } from 'node:worker_threads';
import { type Encoding, OtlpDecodeError } from '@otel-lab/otlp';
import { spanColumnBuffers } from '../storage/span-columns.js';
import { decodeTraces } from './decode-traces.js';
import type { IngestLimits } from './ingest-limits.js';

export interface DecodeRequest {
  id: number;
  encoding: Encoding;
  body: Uint8Array;
  limits: IngestLimits;
}

export type DecodeReply =
  | { id: number; decoded: ReturnType<typeof decodeTraces> }
  | { id: number; error: string; undecodable: boolean };

parentPort?.on('message', (request: DecodeRequest) => {
  try {
    const decoded = decodeTraces(request.encoding, request.body, request.limits);
    const reply: DecodeReply = { id: request.id, decoded };
    parentPort?.postMessage(reply, spanColumnBuffers(decoded.columns));
  } catch (error) {
    const reply: DecodeReply = {
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
      undecodable: error instanceof OtlpDecodeError,
    };
    parentPort?.postMessage(reply);
  }
});
