import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** The client closed the connection before the answer was written. */
export class ClientGoneError extends Error {}

/**
 * Writes `text`; when the response's buffer is full (a slow reader), resolves only once it has
 * drained, so that what waits is the text not yet written, not copies of it in the socket's
 * buffer. Rejects with ClientGoneError when the client has gone, which stops the answer.
 */
export function writeOrWait(response: ServerResponse, text: string): Promise<void> | undefined {
  if (response.destroyed) return Promise.reject(new ClientGoneError());
  if (response.write(text)) return undefined;
  return new Promise((resolve, reject) => {
    const settle = (gone: boolean) => () => {
      response.off('drain', drained);
      response.off('close', closed);
      if (gone) reject(new ClientGoneError());
      else resolve();
    };
    const drained = settle(false);
    const closed = settle(true);
    response.on('drain', drained);
    response.on('close', closed);
  });
}

/**
 * An answer made of pieces (json-text.ts), each written once the client has taken the one
 * before; the pieces are let go as they are written. Resolves quietly when the client goes.
 */
export async function sendPieces(
  response: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  pieces: string[],
): Promise<void> {
  response.writeHead(status, headers);
  try {
    for (let piece = pieces.shift(); piece !== undefined; piece = pieces.shift()) {
      await writeOrWait(response, piece);
    }
  } catch (error) {
    if (error instanceof ClientGoneError) return; // nobody to answer
    throw error;
  }
  response.end();
}
