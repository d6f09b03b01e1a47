import { InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTelemetry } from '@otel-lab/telemetry';

/**
 * The real bootstrap with in-memory exporters, for tests that run the app in their own process.
 * Import it before any app module, as main.ts imports instrumentation.ts.
 */
export const spanExporter = new InMemorySpanExporter();
export const logExporter = new InMemoryLogRecordExporter();
export const warnings: string[] = [];
export const telemetry = startTelemetry({
  serviceName: 'demo-app',
  serviceVersion: 'test',
  spanProcessors: [new SimpleSpanProcessor(spanExporter)],
  logRecordProcessors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
  warn: (message) => warnings.push(message),
});
