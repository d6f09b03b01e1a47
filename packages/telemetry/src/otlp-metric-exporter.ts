import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import {
  type AggregationSelector,
  AggregationType,
  InstrumentType,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import type { HistogramAggregation, OtlpProtocol } from './config.js';

/**
 * Histograms as OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION asks, every other
 * instrument at its default. The OTLP exporters (0.2xx) read the temporality variable themselves
 * but not this one: only the SDK's declarative-configuration path maps it to an
 * aggregationPreference, and a hand-built exporter must be given one.
 */
export function histogramAggregationSelector(
  aggregation: HistogramAggregation,
): AggregationSelector {
  const histogram =
    aggregation === 'base2_exponential_bucket_histogram'
      ? ({ type: AggregationType.EXPONENTIAL_HISTOGRAM } as const)
      : ({ type: AggregationType.DEFAULT } as const);
  return (instrument) =>
    instrument === InstrumentType.HISTOGRAM ? histogram : { type: AggregationType.DEFAULT };
}

/**
 * The SDK picks trace and log exporters from the environment itself; metrics we wire by hand,
 * because the Prometheus reader must live on the service's own port, so the protocol switch is ours.
 * Each exporter still reads its own endpoint, headers, timeout and compression variables.
 */
export function createOtlpMetricExporter(
  protocol: OtlpProtocol,
  histograms: HistogramAggregation,
): PushMetricExporter {
  const options = { aggregationPreference: histogramAggregationSelector(histograms) };
  switch (protocol) {
    case 'grpc':
      return new GrpcMetricExporter(options);
    case 'http/json':
      return new JsonMetricExporter(options);
    case 'http/protobuf':
      return new ProtoMetricExporter(options);
  }
}
