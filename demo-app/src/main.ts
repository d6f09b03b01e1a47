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
import { createDemoApp } from './app.js';
import { createAppMetrics } from './metrics.js';
import { createOrderService } from './orders.js';
import { createPaymentClient } from './payment-client.js';
import { readDemoAppSettings } from './settings.js';
import { openShopStore } from './store.js';

const logger = createLogger('demo-app');

function main(): void {
  const settings = readDemoAppSettings(process.env);
  const store = openShopStore(settings.dataDir);
  const tracer = trace.getTracer('demo-app');
  const latency = createLatency(settings.latencyScale);
  const orders = createOrderService({
    store,
    payments: createPaymentClient(settings.paymentServiceUrl),
    latency,
    tracer,
    logger,
  });
  const app = createDemoApp({
    store,
    orders,
    metrics: createAppMetrics(),
    latency,
    tracer,
    logger,
    serveMetrics: telemetry.serveMetrics,
  });
  logger.info(
    { dataDir: settings.dataDir, paymentServiceUrl: settings.paymentServiceUrl.href },
    'demo-app starting',
  );
  serveUntilSignal({
    app,
    port: settings.port,
    logger,
    shutdown: async () => {
      // The store first: a flush that runs out of time must not leave the database open.
      store.close();
      await telemetry.shutdown();
    },
  });
}

try {
  main();
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  logger.fatal(error.message);
  process.exit(2);
}
