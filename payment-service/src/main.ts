// biome-ignore-all assist/source/organizeImports: the SDK must start before express and pino load.
import { telemetry } from './instrumentation.js';
// Everything below loads after the SDK started, so express, pino and fetch are instrumented.
import { trace } from '@opentelemetry/api';
import {
  createLatency,
  createLogger,
  SettingsError,
  serveUntilSignal,
} from '@otel-lab/service-kit';
import { createPaymentApp } from './app.js';
import { createChargeHandler } from './charge.js';
import { createPaymentMetrics } from './metrics.js';
import { readPaymentSettings } from './settings.js';

const logger = createLogger('payment-service');

function main(): void {
  const settings = readPaymentSettings(process.env);
  const app = createPaymentApp({
    charge: createChargeHandler({
      settings,
      latency: createLatency(settings.latencyScale),
      tracer: trace.getTracer('payment-service'),
      logger,
    }),
    metrics: createPaymentMetrics(),
    logger,
    serveMetrics: telemetry.serveMetrics,
  });
  serveUntilSignal({ app, port: settings.port, logger, shutdown: () => telemetry.shutdown() });
}

try {
  main();
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  logger.fatal(error.message);
  process.exit(2);
}
