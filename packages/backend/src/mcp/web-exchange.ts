/**
 * The MCP SDK's HTTP transport speaks the web's Request and Response; the query port speaks
 * node:http. These two functions carry one exchange across, the body read with the port's own
 * reader so its size and pace limits hold for /mcp too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readBody } from '../receive/read-body.js';

/** The largest /mcp request body: a tool call is a few hundred bytes; 256 KiB is generous. */
export const MCP_BODY_LIMIT = 256 * 1024;

/** `request` as a web Request; throws BodyError (with its status) for a body over the limit. */
export async function toWebRequest(request: IncomingMessage): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  // The body is read already (gunzipped when it was gzipped): its framing headers no longer hold.
  headers.delete('content-encoding');
  headers.delete('content-length');
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const body = hasBody ? await readBody(request, MCP_BODY_LIMIT) : undefined;
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  return new Request(url, { method: request.method, headers, body });
}

/** Writes `answer` to `response`, streaming its body (an event stream stays open until closed). */
export async function sendWebResponse(answer: Response, response: ServerResponse): Promise<void> {
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  if (answer.body === null) {
    response.end();
    return;
  }
  await pipeline(
    Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream),
    response,
  );
}
