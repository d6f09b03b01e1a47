import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. The pino instrumentation (started before this module loads) adds trace_id
 * and span_id of the active span to each record and exports it as an OTLP log too.
 * An unknown LOG_LEVEL falls back to info with a warning, instead of pino's throw at start-up.
 */
export function createLogger(serviceName: string, destination?: DestinationStream): Logger {
  const wanted = process.env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  const known = wanted === 'silent' || wanted in pino.levels.values;
  const options = { name: serviceName, level: known ? wanted : 'info' };
  const logger = destination ? pino(options, destination) : pino(options);
  if (!known) {
    logger.warn(
      `LOG_LEVEL=${JSON.stringify(process.env.LOG_LEVEL)} is not one of ${Object.keys(pino.levels.values).join(', ')}, silent; using info`,
    );
  }
  return logger;
}
