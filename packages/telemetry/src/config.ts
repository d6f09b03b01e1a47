/** What the standard OTEL_* variables ask of the bootstrap, read once at start-up. */

export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';

export interface TelemetryConfig {
  /** OTEL_SDK_DISABLED=true turns the SDK into no-ops (the benchmark's baseline). */
  disabled: boolean;
  /** OTLP metric push, on when OTEL_METRICS_EXPORTER lists "otlp"; /metrics is always served. */
  otlpMetrics: boolean;
  metricsProtocol: OtlpProtocol;
  /** Where export failures are reported; shown in the warning so people know what is unreachable. */
  tracesEndpoint: string;
}

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

export function readProtocol(
  env: NodeJS.ProcessEnv,
  signal: 'TRACES' | 'METRICS' | 'LOGS',
): OtlpProtocol {
  const raw = (
    readVar(env, `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`) ??
    readVar(env, 'OTEL_EXPORTER_OTLP_PROTOCOL') ??
    ''
  ).trim();
  return protocols.find((p) => p === raw) ?? 'http/protobuf';
}

function defaultEndpoint(protocol: OtlpProtocol): string {
  return protocol === 'grpc' ? 'http://localhost:4317' : 'http://localhost:4318';
}

export function readTelemetryConfig(env: NodeJS.ProcessEnv): TelemetryConfig {
  const tracesProtocol = readProtocol(env, 'TRACES');
  return {
    disabled: (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true',
    otlpMetrics: readList(env.OTEL_METRICS_EXPORTER).includes('otlp'),
    metricsProtocol: readProtocol(env, 'METRICS'),
    tracesEndpoint:
      readVar(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ??
      readVar(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') ??
      defaultEndpoint(tracesProtocol),
  };
}
