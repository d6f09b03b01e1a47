import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. The pino instrumentation (started before this module loads) adds trace_id
 * and span_id of the active span to each record and exports it as an OTLP log too.
 */
export function createLogger(serviceName: string, destination?: DestinationStream): Logger {
  const options = { name: serviceName, level: process.env.LOG_LEVEL ?? 'info' };
  return destination ? pino(options, destination) : pino(options);
}
