import { InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTelemetry } from '@otel-lab/telemetry';

/**
 * The real bootstrap with in-memory exporters, for tests that run the app in their own process.
 * Import it before any app module, as main.ts imports instrumentation.ts.
 */
export const spanExporter = new InMemorySpanExporter();
export const logExporter = new InMemoryLogRecordExporter();
const spanProcessor = new SimpleSpanProcessor(spanExporter);
const logProcessor = new SimpleLogRecordProcessor({ exporter: logExporter });
export const warnings: string[] = [];
export const telemetry = startTelemetry({
  serviceName: 'demo-app',
  serviceVersion: 'test',
  spanProcessors: [spanProcessor],
  logRecordProcessors: [logProcessor],
  warn: (message) => warnings.push(message),
});

/**
 * Waits for exports still in flight. The simple processors hold back the first spans and logs
 * until the resource's asynchronous attributes (host id) are known, so right after start-up a
 * finished span may not have reached the exporter yet.
 */
export async function flushTelemetry(): Promise<void> {
  await Promise.all([spanProcessor.forceFlush(), logProcessor.forceFlush()]);
}
