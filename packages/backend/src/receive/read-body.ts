import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { type ArrivalPace, BODY_PACE, watchArrival } from './arrival-pace.js';
import type { Reservation } from './ingest-budget.js';
import { bytesWhileReading } from './request-memory.js';

/** Why a body could not be read; `status` is the HTTP answer. */
export class BodyError extends Error {
  override name = 'BodyError';
  constructor(
    readonly status: 400 | 408 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** For reads that count against no budget. */
const UNCOUNTED: Pick<Reservation, 'growTo'> = { growTo: () => undefined };

function isGzip(request: IncomingMessage): boolean {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new BodyError(415, `content-encoding ${encoding} is not supported: use gzip or none`);
  }
  return encoding === 'gzip';
}

/**
 * The checks made before a byte of the body is read: 415 for an unsupported content-encoding,
 * 413 for a declared length over `limit`. Returns the declared length (of the gzipped body when
 * gzipped), or undefined for a chunked body.
 */
export function declaredBodyBytes(request: IncomingMessage, limit: number): number | undefined {
  isGzip(request);
  const header = request.headers['content-length'];
  if (header === undefined) return undefined;
  const declared = Number(header);
  if (declared > limit) {
    throw new BodyError(413, `body of ${declared} bytes is over the limit of ${limit}`);
  }
  return declared;
}

/**
 * Reads a request body of at most `limit` bytes, measured after decompression, so a small gzip
 * bomb is refused as soon as its output passes the limit instead of filling memory. The
 * reservation grows with the bytes that have arrived (decompressed), whatever length the
 * headers declare, and throws IngestBudgetError when it outgrows the budget: a client that
 * declares a large body holds only what it has sent. A body that stops arriving, or comes
 * slower than `pace`, is a BodyError 408 (the caller closes the connection). On any other
 * failure what the client still sends is drained, not kept.
 */
export async function readBody(
  request: IncomingMessage,
  limit: number,
  reservation: Pick<Reservation, 'growTo'> = UNCOUNTED,
  pace: ArrivalPace = BODY_PACE,
): Promise<Buffer> {
  declaredBodyBytes(request, limit);
  const gzip = isGzip(request);
  let stall: (message: string) => void = () => undefined;
  const stalled = new Promise<never>((_, reject) => {
    stall = (message) => reject(new BodyError(408, message));
  });
  stalled.catch(() => undefined);
  const watch = watchArrival(pace, (message) => stall(message));
  // Leaving the loop early must not destroy the request: its answer still has to be sent.
  const source = request.iterator({ destroyOnReturn: false });
  const arriving = paced(source, watch.arrived, stalled, gzip ? limit : Number.POSITIVE_INFINITY);
  try {
    if (!gzip) return await readGrowing(arriving, limit, reservation, 'body');
    return await pipeline(arriving, createGunzip(), (output) =>
      readGrowing(output, limit, reservation, 'body once decompressed'),
    );
  } catch (error) {
    if (!(error instanceof BodyError && error.status === 408)) request.resume();
    throw asBodyError(error);
  } finally {
    watch.stop();
  }
}

/**
 * The bytes as they arrive, counted for the pace, and refused past `limit` (for gzip: the
 * compressed bytes seldom shrink the output below it). Throws the stall as soon as it is called.
 */
async function* paced(
  source: AsyncIterator<Buffer>,
  arrived: (bytes: number) => void,
  stalled: Promise<never>,
  limit: number,
): AsyncGenerator<Buffer> {
  let size = 0;
  let waiting = false;
  try {
    for (;;) {
      waiting = true;
      const next = await Promise.race([stalled, source.next()]);
      waiting = false;
      if (next.done) return;
      arrived(next.value.length);
      size += next.value.length;
      if (size > limit) throw new BodyError(413, `body is over the limit of ${limit} bytes`);
      yield next.value;
    }
  } finally {
    // A stalled read is still waiting for a chunk that may never come: closing the connection
    // ends it. Otherwise the request's iterator lets go of it, so a refused body can be drained.
    if (!waiting) await source.return?.();
  }
}

async function readGrowing(
  source: AsyncIterable<Buffer>,
  limit: number,
  reservation: Pick<Reservation, 'growTo'>,
  what: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, `${what} is over the limit of ${limit} bytes`);
    reservation.growTo(bytesWhileReading(size));
    chunks.push(chunk);
  }
  // One buffer of its own (the decoder takes it without a copy); the chunks are garbage
  // once copied, as bytesWhileReading counts.
  const body = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(body, at);
  return body;
}

/** zlib's errors are bad gzip (400); a client gone mid-body is 400 too (nobody reads it). */
function asBodyError(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('Z_')) {
    return new BodyError(400, `invalid gzip body: ${(error as Error).message}`);
  }
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new BodyError(400, 'the client closed the connection before sending the whole body');
  }
  return error;
}
