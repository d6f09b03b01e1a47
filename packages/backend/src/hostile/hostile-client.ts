/**
 * The hostile suites' HTTP client: raw paths (malformed escapes go out as written), any Host
 * header, a deadline, and only the first bytes of an answer kept, so a huge answer is measured
 * rather than held.
 */
import { Agent, request } from 'node:http';

export interface HostileRequest {
  method?: string;
  /** Sent as it is: escapes, good or bad, are the caller's. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface HostileAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The first KEEP_BYTES of the body. */
  text: string;
  /** The whole body's size. */
  bytes: number;
  ms: number;
}

const KEEP_BYTES = 64 * 1024;

export const hostileAgent = new Agent({ keepAlive: true, maxSockets: 8 });

/** Rejects with a message naming the request when no whole answer arrives within `timeoutMs`. */
export function send(
  baseUrl: string,
  req: HostileRequest,
  timeoutMs = 2000,
): Promise<HostileAnswer> {
  const began = performance.now();
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method ?? 'GET',
        path: req.path,
        headers: req.headers,
        agent: hostileAgent,
        setHost: !Object.keys(req.headers ?? {}).some((name) => name.toLowerCase() === 'host'),
      },
      (response) => {
        const kept: Buffer[] = [];
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          if (bytes < KEEP_BYTES) kept.push(chunk);
          bytes += chunk.length;
        });
        response.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(kept).toString('utf8').slice(0, KEEP_BYTES),
            bytes,
            ms: performance.now() - began,
          });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy();
      reject(
        new Error(
          `no answer within ${timeoutMs} ms: ${req.method ?? 'GET'} ${req.path.slice(0, 300)}`,
        ),
      );
    }, timeoutMs);
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.end(req.body);
  });
}
