import { startInMemoryTelemetry } from '@otel-lab/telemetry';

/** Imported first by the in-process tests, so the SDK starts before the app modules load. */
export const { telemetry, spanExporter, logExporter, warnings, flushTelemetry } =
  startInMemoryTelemetry('payment-service');
