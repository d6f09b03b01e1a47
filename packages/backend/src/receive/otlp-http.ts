import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Encoding,
  encodeExportResponse,
  encodeRpcStatus,
  OtlpDecodeError,
  RpcCode,
  type Signal,
} from '@otel-lab/otlp';
import { createOriginMatcher, LOOPBACK_ORIGINS } from '../serve/cors-origins.js';
import { mediaTypeOf } from '../serve/media-type.js';
import { pathOf } from '../serve/request-target.js';
import { QueueFullError } from '../storage/write-queue.js';
import type { ArrivalPace } from './arrival-pace.js';
import { type IngestTarget, ingest } from './ingest.js';
import {
  createIngestBudget,
  type IngestBudget,
  IngestBudgetError,
  type Reservation,
} from './ingest-budget.js';
import { type IngestObserver, observedTarget, refusalOf } from './ingest-observer.js';
import { BodyError, declaredBodyBytes, readBody } from './read-body.js';
import { requestBytes } from './request-memory.js';

export interface OtlpHttpOptions extends IngestTarget {
  /** The most a request body may hold, after decompression. */
  maxBodyBytes: number;
  /** Storage failures are logged here; the client gets 503 and retries. */
  onError: (error: unknown) => void;
  /** Browser origins CORS lets send (--cors-origins); default: pages on this machine. */
  corsOrigins?: readonly string[];
  /** The process's ingest memory budget (shared with the other receivers); none when absent. */
  budget?: IngestBudget;
  /** How fast a body must arrive (arrival-pace.ts); BODY_PACE when absent. */
  pace?: ArrivalPace;
  /** Told what each request stored and refused (the backend's /metrics). */
  observer?: IngestObserver;
}

const SIGNALS: Record<string, Signal> = {
  '/v1/traces': 'traces',
  '/v1/metrics': 'metrics',
  '/v1/logs': 'logs',
};

const CONTENT_TYPES: Record<Encoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** Seconds an overloaded receiver asks clients to wait before retrying. */
const RETRY_AFTER_S = 1;

function encodingOf(contentType: string | undefined): Encoding | undefined {
  const type = mediaTypeOf(contentType);
  if (type === 'application/x-protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

function send(
  response: ServerResponse,
  status: number,
  encoding: Encoding,
  body: Uint8Array,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': CONTENT_TYPES[encoding], ...headers });
  response.end(body);
}

function sendStatus(
  response: ServerResponse,
  status: number,
  encoding: Encoding,
  code: number,
  message: string,
  headers?: Record<string, string>,
): void {
  send(response, status, encoding, encodeRpcStatus(code, message, encoding), headers);
}

/**
 * OTLP/HTTP as the specification has it: POST /v1/{traces,metrics,logs} in protobuf or JSON,
 * optionally gzipped, answered in the request's encoding; 400 for undecodable data, 413 over
 * the size limit, 415 for other content types, 405 for other methods, 503 with Retry-After
 * when the ingest queue is full or the ingest memory budget is in use; CORS so browser exporters
 * on the allowed origins can send (any other origin gets no CORS header, so its browser refuses;
 * clients without Origin are unaffected).
 */
export function createOtlpHttpHandler(options: OtlpHttpOptions) {
  const corsAllows = createOriginMatcher(options.corsOrigins ?? LOOPBACK_ORIGINS);
  const budget = options.budget ?? createIngestBudget(Number.POSITIVE_INFINITY);
  const targets = {
    protobuf: observedTarget(options, 'http/protobuf', options.observer),
    json: observedTarget(options, 'http/json', options.observer),
  };
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const origin = request.headers.origin;
    const cors = origin !== undefined && corsAllows(origin);
    if (cors) response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'origin');
    const path = pathOf(request);
    const signal = SIGNALS[path];
    if (!signal) {
      sendStatus(
        response,
        404,
        'json',
        5,
        `no OTLP endpoint at ${path}: use /v1/traces, /v1/metrics or /v1/logs`,
      );
      return;
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(
        204,
        cors
          ? {
              'access-control-allow-methods': 'POST, OPTIONS',
              'access-control-allow-headers':
                request.headers['access-control-request-headers'] ??
                'content-type, content-encoding',
              'access-control-max-age': '86400',
            }
          : {},
      );
      response.end();
      return;
    }
    if (request.method !== 'POST') {
      request.resume();
      sendStatus(
        response,
        405,
        'json',
        RpcCode.INVALID_ARGUMENT,
        `${request.method} is not allowed: OTLP uses POST`,
        {
          allow: 'POST, OPTIONS',
        },
      );
      return;
    }
    const encoding = encodingOf(request.headers['content-type']);
    if (!encoding) {
      request.resume();
      sendStatus(
        response,
        415,
        'json',
        RpcCode.INVALID_ARGUMENT,
        `content-type ${request.headers['content-type'] ?? '(none)'} is not supported: use application/x-protobuf or application/json`,
      );
      return;
    }
    let reservation: Reservation | undefined;
    try {
      // Admitted before the body is read when what its declared length will need fits in what
      // is free; it then holds what has arrived (read-body.ts), and what its decoded form needs
      // once it is whole. Either growth may be refused.
      const declared = declaredBodyBytes(request, options.maxBodyBytes) ?? 0;
      reservation = budget.admit(requestBytes(signal, encoding, declared));
      const body = await readBody(request, options.maxBodyBytes, reservation, options.pace);
      reservation.growTo(requestBytes(signal, encoding, body.length));
      const decoded = await ingest(targets[encoding], signal, encoding, body);
      options.observer?.rejected(signal, `http/${encoding}`, decoded.rejected);
      send(
        response,
        200,
        encoding,
        encodeExportResponse(signal, decoded.rejected, decoded.rejectionReason, encoding),
      );
    } catch (error) {
      options.observer?.refused(signal, `http/${encoding}`, refusalOf(error));
      if (error instanceof BodyError) {
        // A body that stopped arriving is not read further: its connection is closed.
        const close = error.status === 408 ? { connection: 'close' } : undefined;
        sendStatus(
          response,
          error.status,
          encoding,
          RpcCode.INVALID_ARGUMENT,
          error.message,
          close,
        );
      } else if (error instanceof OtlpDecodeError) {
        sendStatus(response, 400, encoding, RpcCode.INVALID_ARGUMENT, error.message);
      } else if (error instanceof QueueFullError || error instanceof IngestBudgetError) {
        // Past the budget, before reading or part way: what is left of the body is drained as it
        // arrives, never kept, and what was kept is released.
        reservation?.release();
        request.resume();
        sendStatus(response, 503, encoding, RpcCode.UNAVAILABLE, error.message, {
          'retry-after': String(RETRY_AFTER_S),
        });
      } else {
        options.onError(error);
        sendStatus(response, 503, encoding, RpcCode.UNAVAILABLE, 'storage failed; retry later', {
          'retry-after': String(RETRY_AFTER_S),
        });
      }
    } finally {
      reservation?.release();
    }
  };
}
