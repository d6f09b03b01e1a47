import { once } from 'node:events';
import { createServer } from 'node:net';

/** True when nothing listens on `port` on any interface, so a service can bind it. */
export async function isPortFree(port: number): Promise<boolean> {
  const server = createServer();
  server.listen(port);
  try {
    await once(server, 'listening');
  } catch {
    return false;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return true;
}
