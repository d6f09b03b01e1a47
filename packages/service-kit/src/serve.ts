import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Express } from 'express';
import type { Logger } from 'pino';

export interface ServeOptions {
  app: Express;
  port: number;
  host?: string;
  logger: Logger;
  /** Flushes telemetry; called once the server has finished its in-flight requests. */
  shutdown: () => Promise<void>;
  /** Hard limit for the whole stop; past it the process exits anyway. */
  stopTimeoutMs?: number;
}

/**
 * Runs `shutdown` with at most `budgetMs`: an unreachable OTLP endpoint makes exporters retry for
 * up to their timeout (10 s by default), and a stop must stay bounded.
 */
async function boundedShutdown(options: ServeOptions, budgetMs: number): Promise<void> {
  const budget = Math.max(0, budgetMs);
  const finished = await Promise.race([
    options.shutdown().then(
      () => true,
      (error: unknown) => {
        options.logger.warn({ err: error }, 'telemetry flush failed');
        return true;
      },
    ),
    sleep(budget, false, { ref: false }),
  ]);
  if (!finished) {
    options.logger.warn(
      `telemetry not flushed within ${budget} ms (is the OTLP endpoint reachable?)`,
    );
  }
}

/**
 * Serves until SIGINT or SIGTERM, then stops accepting, lets in-flight requests finish, flushes
 * telemetry and exits. A port already taken is reported plainly, not as a stack trace.
 */
export function serveUntilSignal(options: ServeOptions): Server {
  const { app, port, logger } = options;
  const stopTimeoutMs = options.stopTimeoutMs ?? 4500;
  const server = app.listen(port, options.host ?? '0.0.0.0');
  const onStartError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      logger.fatal(
        `port ${port} is already in use: stop what holds it or set PORT to another port`,
      );
    } else {
      logger.fatal({ err: error }, 'cannot start the HTTP server');
    }
    void boundedShutdown(options, 1000).finally(() => process.exit(1));
  };
  server.once('error', onStartError);
  server.once('listening', () => {
    server.off('error', onStartError);
    // After start-up an accept error (EMFILE, …) is logged; the server keeps serving.
    server.on('error', (error) => logger.error({ err: error }, 'HTTP server error'));
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    logger.info({ port: actual }, `listening on http://localhost:${actual}`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const deadline = Date.now() + stopTimeoutMs;
    logger.info(`${signal} received: finishing in-flight requests, flushing telemetry`);
    const hardStop = setTimeout(() => {
      logger.warn('requests still in flight at the stop deadline; exiting anyway');
      process.exit(1);
    }, stopTimeoutMs);
    hardStop.unref();
    // Keep-alive connections that go idle after close() started would hold the server open.
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close(async () => {
      clearInterval(idleSweep);
      await boundedShutdown(options, deadline - Date.now() - 100);
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return server;
}
