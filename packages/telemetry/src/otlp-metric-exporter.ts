import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { OtlpProtocol } from './config.js';

/**
 * The SDK picks trace and log exporters from the environment itself; metrics we wire by hand,
 * because the Prometheus reader must live on the service's own port, so the protocol switch is ours.
 * Each exporter still reads its own endpoint, headers, timeout and compression variables.
 */
export function createOtlpMetricExporter(protocol: OtlpProtocol): PushMetricExporter {
  switch (protocol) {
    case 'grpc':
      return new GrpcMetricExporter();
    case 'http/json':
      return new JsonMetricExporter();
    case 'http/protobuf':
      return new ProtoMetricExporter();
  }
}
