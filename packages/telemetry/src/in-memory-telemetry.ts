import { InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTelemetry, type Telemetry } from './start-telemetry.js';

export interface InMemoryTelemetry {
  telemetry: Telemetry;
  spanExporter: InMemorySpanExporter;
  logExporter: InMemoryLogRecordExporter;
  /** Export warnings, kept instead of printed. */
  warnings: string[];
  /**
   * Waits for exports still in flight. The simple processors hold back the first spans and logs
   * until the resource's asynchronous attributes (host id) are known, so right after start-up a
   * finished span may not have reached the exporter yet.
   */
  flushTelemetry(): Promise<void>;
}

/**
 * The real bootstrap with in-memory exporters, for tests that run a service in their own process.
 * Call it before any module the service instruments loads, as main.ts imports instrumentation.ts.
 */
export function startInMemoryTelemetry(serviceName: string): InMemoryTelemetry {
  const spanExporter = new InMemorySpanExporter();
  const logExporter = new InMemoryLogRecordExporter();
  const spanProcessor = new SimpleSpanProcessor(spanExporter);
  const logProcessor = new SimpleLogRecordProcessor({ exporter: logExporter });
  const warnings: string[] = [];
  const telemetry = startTelemetry({
    serviceName,
    serviceVersion: 'test',
    spanProcessors: [spanProcessor],
    logRecordProcessors: [logProcessor],
    warn: (message) => warnings.push(message),
    // Tests often run an OTLP sink in the same process; its requests are not the service's.
    untracedPaths: ['/health', '/metrics', '/v1/traces', '/v1/metrics', '/v1/logs'],
  });
  return {
    telemetry,
    spanExporter,
    logExporter,
    warnings,
    async flushTelemetry() {
      await Promise.all([spanProcessor.forceFlush(), logProcessor.forceFlush()]);
    },
  };
}
