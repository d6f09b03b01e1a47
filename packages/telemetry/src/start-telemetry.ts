import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import {
  defaultResource,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { type MetricReader, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { readTelemetryConfig } from './config.js';
import { type ExportHealth, installExportWarning } from './export-warning.js';
import { createInstrumentations } from './instrumentations.js';
import { createOtlpMetricExporter } from './otlp-metric-exporter.js';

export interface TelemetryOptions {
  /** The default service.name; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override it. */
  serviceName: string;
  serviceVersion: string;
  /** Paths that produce no spans: health probes and Prometheus scrapes. */
  untracedPaths?: readonly string[];
  /** Tests put in-memory exporters here; otherwise OTEL_TRACES_EXPORTER and friends decide. */
  spanProcessors?: SpanProcessor[];
  logRecordProcessors?: LogRecordProcessor[];
  /** Where the rate-limited "cannot export" warning goes. */
  warn?: (message: string) => void;
}

export interface Telemetry {
  readonly enabled: boolean;
  /** Prometheus text exposition of this service's metrics, for its GET /metrics route. */
  serveMetrics(request: IncomingMessage, response: ServerResponse): void;
  /** Flushes and stops all three signals; safe to call more than once. */
  shutdown(): Promise<void>;
}

const EXPORT_WARNING_INTERVAL_MS = 60_000;
/** A stop flushes for at most this long once exports are known to fail: nobody is listening. */
const FAILING_FLUSH_BUDGET_MS = 500;

/** A pino-shaped JSON line, so the warning reads like the service's own logs. */
function writeWarning(name: string, msg: string): void {
  process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), name, msg })}\n`);
}

/** Modules whose instrumentation only works when they load after the SDK starts. */
const INSTRUMENTED_MODULES = ['express', 'pino'];

/** Names of instrumented modules already loaded: with them the service would go dark silently. */
export function modulesLoadedTooEarly(): string[] {
  const loaded = Object.keys(require.cache);
  return INSTRUMENTED_MODULES.filter((name) =>
    loaded.some((file) => file.includes(`/node_modules/${name}/`)),
  );
}

/**
 * Starts the OpenTelemetry SDK. Call it before the service requires express, pino or anything
 * else it instruments: instrumentation hooks into `require`, so modules loaded earlier are missed.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const config = readTelemetryConfig(process.env);
  const warn = options.warn ?? ((message: string) => writeWarning(options.serviceName, message));
  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const metricReaders: MetricReader[] = [prometheus];
  if (config.otlpMetrics) {
    metricReaders.push(
      new PeriodicExportingMetricReader({
        exporter: createOtlpMetricExporter(config.metricsProtocol, config.histogramAggregation),
        exportIntervalMillis: config.metricExportIntervalMs,
      }),
    );
  }

  const sdk = new NodeSDK({
    // Detected attributes (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) win over these defaults.
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        [ATTR_SERVICE_VERSION]: options.serviceVersion,
        'service.instance.id': randomUUID(),
        'deployment.environment.name': 'development',
      }),
    ),
    // Explicit detectors: no cloud metadata probes on start.
    resourceDetectors: [envDetector, hostDetector, osDetector, processDetector],
    metricReaders,
    // Instrumentations patch their modules as soon as they are constructed, whether or not the
    // SDK starts; disabled must mean no patches at all, or it is no baseline.
    instrumentations: config.disabled
      ? []
      : createInstrumentations(new Set(options.untracedPaths ?? ['/metrics', '/health'])),
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    ...(options.logRecordProcessors ? { logRecordProcessors: options.logRecordProcessors } : {}),
  });

  for (const problem of config.problems) warn(problem);
  let exportHealth: ExportHealth | undefined;
  if (!config.disabled) {
    const early = modulesLoadedTooEarly();
    if (early.length > 0) {
      warn(
        `${early.join(', ')} loaded before OpenTelemetry started, so their spans and logs are missing: start telemetry first`,
      );
    }
    exportHealth = installExportWarning({
      endpoint: config.tracesEndpoint,
      intervalMs: EXPORT_WARNING_INTERVAL_MS,
      warn,
    });
    sdk.start();
  }

  let stopped: Promise<void> | undefined;
  return {
    enabled: !config.disabled,
    serveMetrics(request, response) {
      if (config.disabled) {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        response.end('# OpenTelemetry is disabled (OTEL_SDK_DISABLED=true): no metrics\n');
        return;
      }
      prometheus.getMetricsRequestHandler(request, response);
    },
    shutdown() {
      if (config.disabled) return Promise.resolve();
      // With the endpoint unreachable, exporters would retry for their whole timeout and every
      // Ctrl-C would hang for seconds to deliver nothing.
      stopped ??= exportHealth?.failing()
        ? Promise.race([sdk.shutdown(), sleep(FAILING_FLUSH_BUDGET_MS, undefined, { ref: false })])
        : sdk.shutdown();
      return stopped;
    },
  };
}
