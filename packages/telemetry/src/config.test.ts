import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type OtlpProtocol,
  readProtocol,
  readTelemetryConfig,
  type TelemetryConfig,
} from './index.js';

type Signal = 'TRACES' | 'METRICS' | 'LOGS';

describe('readProtocol', () => {
  const rows: { name: string; env: NodeJS.ProcessEnv; expected: Record<Signal, OtlpProtocol> }[] = [
    {
      name: 'nothing set: http/protobuf',
      env: {},
      expected: { TRACES: 'http/protobuf', METRICS: 'http/protobuf', LOGS: 'http/protobuf' },
    },
    {
      name: 'the general protocol applies to every signal',
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      expected: { TRACES: 'grpc', METRICS: 'grpc', LOGS: 'grpc' },
    },
    {
      name: 'http/json is understood',
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      expected: { TRACES: 'http/json', METRICS: 'http/json', LOGS: 'http/json' },
    },
    {
      name: 'a per-signal protocol overrides the general one for its signal only',
      env: {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf',
      },
      expected: { TRACES: 'http/json', METRICS: 'grpc', LOGS: 'http/protobuf' },
    },
    {
      name: 'a per-signal protocol works without a general one',
      env: { OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc' },
      expected: { TRACES: 'http/protobuf', METRICS: 'grpc', LOGS: 'http/protobuf' },
    },
    {
      name: 'an unknown general value falls back to http/protobuf',
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift' },
      expected: { TRACES: 'http/protobuf', METRICS: 'http/protobuf', LOGS: 'http/protobuf' },
    },
    {
      name: 'values are case-sensitive, as the SDK reads them',
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'GRPC' },
      expected: { TRACES: 'http/protobuf', METRICS: 'http/protobuf', LOGS: 'http/protobuf' },
    },
    {
      name: 'an unknown per-signal value falls back to http/protobuf, not to the general one',
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http' },
      expected: { TRACES: 'http/protobuf', METRICS: 'grpc', LOGS: 'grpc' },
    },
    {
      name: 'an empty per-signal value counts as unset, as in the SDK',
      env: {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: '',
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: '   ',
      },
      expected: { TRACES: 'grpc', METRICS: 'grpc', LOGS: 'grpc' },
    },
  ];
  for (const row of rows) {
    test(row.name, () => {
      for (const signal of ['TRACES', 'METRICS', 'LOGS'] as const) {
        assert.equal(readProtocol(row.env, signal), row.expected[signal], signal);
      }
    });
  }
});

describe('readTelemetryConfig', () => {
  const defaults: TelemetryConfig = {
    disabled: false,
    otlpMetrics: false,
    metricsProtocol: 'http/protobuf',
    tracesEndpoint: 'http://localhost:4318',
    metricExportIntervalMs: 60_000,
    histogramAggregation: 'explicit_bucket_histogram',
    problems: [],
  };
  const rows: { name: string; env: NodeJS.ProcessEnv; expected: Partial<TelemetryConfig> }[] = [
    { name: 'nothing set', env: {}, expected: {} },
    // The traces endpoint follows the traces protocol: gRPC listens on 4317, HTTP on 4318.
    {
      name: 'grpc defaults to port 4317',
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      expected: { metricsProtocol: 'grpc', tracesEndpoint: 'http://localhost:4317' },
    },
    {
      name: 'grpc for traces only defaults to port 4317',
      env: { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' },
      expected: { tracesEndpoint: 'http://localhost:4317' },
    },
    {
      name: 'grpc for metrics only leaves traces on 4318',
      env: { OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc' },
      expected: { metricsProtocol: 'grpc', tracesEndpoint: 'http://localhost:4318' },
    },
    {
      name: 'http/json defaults to port 4318',
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      expected: { metricsProtocol: 'http/json', tracesEndpoint: 'http://localhost:4318' },
    },
    {
      name: 'the general endpoint is used when set',
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4317' },
      expected: { metricsProtocol: 'grpc', tracesEndpoint: 'http://otel:4317' },
    },
    {
      name: 'the traces endpoint wins over the general one',
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/v1/traces',
      },
      expected: { tracesEndpoint: 'http://tempo:4318/v1/traces' },
    },
    {
      name: 'an empty traces endpoint counts as unset',
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
      },
      expected: { tracesEndpoint: 'http://otel:4318' },
    },
    {
      name: 'empty endpoints count as unset',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: ' ', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' },
      expected: {},
    },
    {
      name: 'OTEL_SDK_DISABLED=true',
      env: { OTEL_SDK_DISABLED: 'true' },
      expected: { disabled: true },
    },
    {
      name: 'OTEL_SDK_DISABLED ignores case and spaces',
      env: { OTEL_SDK_DISABLED: ' TRUE ' },
      expected: { disabled: true },
    },
    { name: 'OTEL_SDK_DISABLED=false', env: { OTEL_SDK_DISABLED: 'false' }, expected: {} },
    { name: 'OTEL_SDK_DISABLED empty', env: { OTEL_SDK_DISABLED: '' }, expected: {} },
    { name: 'OTEL_SDK_DISABLED=1 is not true', env: { OTEL_SDK_DISABLED: '1' }, expected: {} },
    { name: 'OTEL_SDK_DISABLED=yes is not true', env: { OTEL_SDK_DISABLED: 'yes' }, expected: {} },
    {
      name: 'OTEL_METRICS_EXPORTER=otlp',
      env: { OTEL_METRICS_EXPORTER: 'otlp' },
      expected: { otlpMetrics: true },
    },
    {
      name: 'OTEL_METRICS_EXPORTER lists otlp among others',
      env: { OTEL_METRICS_EXPORTER: 'prometheus,otlp' },
      expected: { otlpMetrics: true },
    },
    {
      name: 'OTEL_METRICS_EXPORTER items are trimmed and case-folded',
      env: { OTEL_METRICS_EXPORTER: ' prometheus , OTLP ,' },
      expected: { otlpMetrics: true },
    },
    {
      name: 'OTEL_METRICS_EXPORTER=prometheus',
      env: { OTEL_METRICS_EXPORTER: 'prometheus' },
      expected: {},
    },
    { name: 'OTEL_METRICS_EXPORTER=none', env: { OTEL_METRICS_EXPORTER: 'none' }, expected: {} },
    {
      name: 'OTEL_METRICS_EXPORTER matches whole items only',
      env: { OTEL_METRICS_EXPORTER: 'otlp2,myotlp' },
      expected: {},
    },
    {
      name: 'the metrics protocol comes from its own variable',
      env: {
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc',
      },
      expected: {
        otlpMetrics: true,
        metricsProtocol: 'grpc',
        tracesEndpoint: 'http://localhost:4318',
      },
    },
    {
      name: 'OTEL_METRIC_EXPORT_INTERVAL in milliseconds',
      env: { OTEL_METRIC_EXPORT_INTERVAL: '5000' },
      expected: { metricExportIntervalMs: 5000 },
    },
    {
      name: 'an unusable OTEL_METRIC_EXPORT_INTERVAL is named and the default kept',
      env: { OTEL_METRIC_EXPORT_INTERVAL: 'abc' },
      expected: {
        problems: [
          'OTEL_METRIC_EXPORT_INTERVAL="abc" is not a positive number of milliseconds; using 60000',
        ],
      },
    },
    {
      name: 'a zero OTEL_METRIC_EXPORT_INTERVAL is refused',
      env: { OTEL_METRIC_EXPORT_INTERVAL: '0' },
      expected: {
        problems: [
          'OTEL_METRIC_EXPORT_INTERVAL="0" is not a positive number of milliseconds; using 60000',
        ],
      },
    },
    {
      name: 'a blank OTEL_METRIC_EXPORT_INTERVAL counts as unset',
      env: { OTEL_METRIC_EXPORT_INTERVAL: ' ' },
      expected: {},
    },
    {
      name: 'exponential histograms on request',
      env: {
        OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION:
          'base2_exponential_bucket_histogram',
      },
      expected: { histogramAggregation: 'base2_exponential_bucket_histogram' },
    },
    {
      name: 'the histogram aggregation ignores case and spaces, as the spec reads enum values',
      env: {
        OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION:
          ' BASE2_Exponential_Bucket_Histogram ',
      },
      expected: { histogramAggregation: 'base2_exponential_bucket_histogram' },
    },
    {
      name: 'explicit buckets when asked by name',
      env: {
        OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'explicit_bucket_histogram',
      },
      expected: {},
    },
    {
      name: 'a blank histogram aggregation counts as unset',
      env: { OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: '' },
      expected: {},
    },
    {
      name: 'an unknown histogram aggregation is named and explicit buckets kept',
      env: { OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'exponential' },
      expected: {
        problems: [
          'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION="exponential" is not one of explicit_bucket_histogram, base2_exponential_bucket_histogram; using explicit_bucket_histogram',
        ],
      },
    },
    {
      name: 'an unknown protocol is named once',
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpcc' },
      expected: {
        problems: [
          'OTEL_EXPORTER_OTLP_PROTOCOL="grpcc" is not one of grpc, http/protobuf, http/json; using http/protobuf',
        ],
      },
    },
    {
      name: 'an unknown per-signal protocol is named',
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http' },
      expected: {
        metricsProtocol: 'grpc',
        tracesEndpoint: 'http://localhost:4317',
        problems: [
          'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL="http" is not one of grpc, http/protobuf, http/json; using http/protobuf',
        ],
      },
    },
  ];
  for (const row of rows) {
    test(row.name, () => {
      assert.deepEqual(readTelemetryConfig(row.env), { ...defaults, ...row.expected });
    });
  }

  test('reads only the environment it is given', () => {
    const saved = process.env.OTEL_SDK_DISABLED;
    process.env.OTEL_SDK_DISABLED = 'true';
    try {
      assert.equal(readTelemetryConfig({}).disabled, false);
    } finally {
      if (saved === undefined) delete process.env.OTEL_SDK_DISABLED;
      else process.env.OTEL_SDK_DISABLED = saved;
    }
  });
});
