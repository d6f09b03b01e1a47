/** What the standard OTEL_* variables ask of the bootstrap, read once at start-up. */

export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';

/** OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION's two values, as the spec names them. */
export type HistogramAggregation =
  | 'explicit_bucket_histogram'
  | 'base2_exponential_bucket_histogram';

export interface TelemetryConfig {
  /** OTEL_SDK_DISABLED=true turns the SDK into no-ops (the benchmark's baseline). */
  disabled: boolean;
  /** OTLP metric push, on when OTEL_METRICS_EXPORTER lists "otlp"; /metrics is always served. */
  otlpMetrics: boolean;
  metricsProtocol: OtlpProtocol;
  /** OTEL_METRIC_EXPORT_INTERVAL, for the OTLP metric push. */
  metricExportIntervalMs: number;
  /** How histograms pushed over OTLP are aggregated; the scraped /metrics stays classic. */
  histogramAggregation: HistogramAggregation;
  /** Where export failures are reported; shown in the warning so people know what is unreachable. */
  tracesEndpoint: string;
  /** Values that were set but unusable, each naming its variable; defaults were used instead. */
  problems: string[];
}

const DEFAULT_METRIC_EXPORT_INTERVAL_MS = 60_000;

const protocols: readonly OtlpProtocol[] = ['grpc', 'http/protobuf', 'http/json'];

/** A variable's value, with empty or blank counted as unset, as the SDK's getStringFromEnv does. */
function readVar(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

function readList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
}

/** The variable that sets a signal's protocol: the per-signal one wins over the general one. */
function protocolVariable(env: NodeJS.ProcessEnv, signal: 'TRACES' | 'METRICS' | 'LOGS') {
  const specific = `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`;
  if (readVar(env, specific) !== undefined) return specific;
  return readVar(env, 'OTEL_EXPORTER_OTLP_PROTOCOL') !== undefined
    ? 'OTEL_EXPORTER_OTLP_PROTOCOL'
    : undefined;
}

export function readProtocol(
  env: NodeJS.ProcessEnv,
  signal: 'TRACES' | 'METRICS' | 'LOGS',
): OtlpProtocol {
  const name = protocolVariable(env, signal);
  const raw = name ? (env[name] ?? '').trim() : '';
  return protocols.find((p) => p === raw) ?? 'http/protobuf';
}

function protocolProblems(env: NodeJS.ProcessEnv): string[] {
  const names = new Set(
    (['TRACES', 'METRICS', 'LOGS'] as const).map((signal) => protocolVariable(env, signal)),
  );
  return [...names]
    .filter((name): name is string => name !== undefined)
    .filter((name) => !protocols.includes((env[name] ?? '').trim() as OtlpProtocol))
    .map(
      (name) =>
        `${name}=${JSON.stringify(env[name])} is not one of ${protocols.join(', ')}; using http/protobuf`,
    );
}

function readInterval(env: NodeJS.ProcessEnv, problems: string[]): number {
  const raw = readVar(env, 'OTEL_METRIC_EXPORT_INTERVAL');
  if (raw === undefined) return DEFAULT_METRIC_EXPORT_INTERVAL_MS;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  problems.push(
    `OTEL_METRIC_EXPORT_INTERVAL=${JSON.stringify(raw)} is not a positive number of milliseconds; using ${DEFAULT_METRIC_EXPORT_INTERVAL_MS}`,
  );
  return DEFAULT_METRIC_EXPORT_INTERVAL_MS;
}

const histogramAggregations: readonly HistogramAggregation[] = [
  'explicit_bucket_histogram',
  'base2_exponential_bucket_histogram',
];

/** The spec asks enum values to be read case-insensitively; anything else is named and ignored. */
function readHistogramAggregation(
  env: NodeJS.ProcessEnv,
  problems: string[],
): HistogramAggregation {
  const name = 'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION';
  const raw = readVar(env, name);
  if (raw === undefined) return 'explicit_bucket_histogram';
  const value = raw.trim().toLowerCase();
  const known = histogramAggregations.find((aggregation) => aggregation === value);
  if (known) return known;
  problems.push(
    `${name}=${JSON.stringify(raw)} is not one of ${histogramAggregations.join(', ')}; using explicit_bucket_histogram`,
  );
  return 'explicit_bucket_histogram';
}

function defaultEndpoint(protocol: OtlpProtocol): string {
  return protocol === 'grpc' ? 'http://localhost:4317' : 'http://localhost:4318';
}

export function readTelemetryConfig(env: NodeJS.ProcessEnv): TelemetryConfig {
  const tracesProtocol = readProtocol(env, 'TRACES');
  const problems = protocolProblems(env);
  return {
    disabled: (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true',
    otlpMetrics: readList(env.OTEL_METRICS_EXPORTER).includes('otlp'),
    metricsProtocol: readProtocol(env, 'METRICS'),
    tracesEndpoint:
      readVar(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ??
      readVar(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') ??
      defaultEndpoint(tracesProtocol),
    metricExportIntervalMs: readInterval(env, problems),
    histogramAggregation: readHistogramAggregation(env, problems),
    problems,
  };
}
