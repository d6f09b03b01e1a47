import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Reservation } from './ingest-budget.js';

/** Why a body could not be read; `status` is the HTTP answer. */
export class BodyError extends Error {
  override name = 'BodyError';
  constructor(
    readonly status: 400 | 413 | 415,
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
 * bomb is refused as soon as its output passes the limit instead of filling memory. A body of a
 * declared length is read into one buffer of that length (its own memory, so the trace decoder
 * can take it without a copy); a body of unknown length (chunked, or gzipped, whose output size
 * no header tells) grows `reservation` as its bytes arrive, and throws IngestBudgetError when it
 * outgrows the budget. Reserving `limit` up front instead would count 16 MiB for every small
 * gzipped request (the Collector's exporters gzip by default), so a few clients would fill the
 * budget with bytes nobody holds. On any failure what the client still sends is drained, not kept.
 */
export async function readBody(
  request: IncomingMessage,
  limit: number,
  reservation: Pick<Reservation, 'growTo'> = UNCOUNTED,
): Promise<Buffer> {
  const declared = declaredBodyBytes(request, limit);
  const gzip = isGzip(request);
  // Leaving the loop early must not destroy the request: its answer still has to be sent.
  const source = request.iterator({ destroyOnReturn: false });
  try {
    if (!gzip && declared !== undefined) return await readDeclared(source, declared);
    if (!gzip) return await readGrowing(source, limit, reservation, 'body');
    return await pipeline(counted(source, limit), createGunzip(), (output) =>
      readGrowing(output, limit, reservation, 'body once decompressed'),
    );
  } catch (error) {
    request.resume();
    throw asBodyError(error);
  }
}

async function readDeclared(source: AsyncIterable<Buffer>, length: number): Promise<Buffer> {
  const body = Buffer.allocUnsafeSlow(length);
  let size = 0;
  for await (const chunk of source) {
    if (size + chunk.length > length) {
      throw new BodyError(400, `body is longer than its content-length of ${length}`);
    }
    chunk.copy(body, size);
    size += chunk.length;
  }
  return size === length ? body : body.subarray(0, size);
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
    reservation.growTo(size);
    chunks.push(chunk);
  }
  // One buffer of its own, like a declared body's; the chunks are garbage once copied.
  const body = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(body, at);
  return body;
}

/** The gzipped bytes, refused past `limit` too (they seldom shrink the output below it). */
async function* counted(source: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, `body is over the limit of ${limit} bytes`);
    yield chunk;
  }
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
