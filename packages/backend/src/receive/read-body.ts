import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

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

/**
 * Reads a request body of at most `limit` bytes, measured after decompression, so a small gzip
 * bomb is refused as soon as its output passes the limit instead of filling memory.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new BodyError(415, `content-encoding ${encoding} is not supported: use gzip or none`);
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit)
    throw new BodyError(413, `body of ${declared} bytes is over the limit of ${limit}`);

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      request.resume();
      throw new BodyError(413, `body is over the limit of ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  if (encoding === 'identity') return raw;
  try {
    return await gunzipAsync(raw, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyError(413, `body is over the limit of ${limit} bytes once decompressed`);
    }
    throw new BodyError(400, `invalid gzip body: ${(error as Error).message}`);
  }
}
