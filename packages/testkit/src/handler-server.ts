import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A route handler as the backend chains them: true when it answered the request. */
export type RouteHandler = (
  request: IncomingMessage,
  response: ServerResponse,
) => Promise<boolean> | boolean;

export interface HandlerServer {
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

/**
 * One route handler on a loopback port the OS picks, answering 404 "not mine" for what it leaves
 * alone, for testing a handler over real HTTP.
 */
export async function serveHandler(handler: RouteHandler): Promise<HandlerServer> {
  const server = createServer(async (request, response) => {
    if (!(await handler(request, response))) response.writeHead(404).end('not mine');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
