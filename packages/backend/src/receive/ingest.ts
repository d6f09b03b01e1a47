import {
  type Decoded,
  decodeLogsJson,
  decodeLogsProtobuf,
  decodeMetricsJson,
  decodeMetricsProtobuf,
  decodeTracesJson,
  decodeTracesProtobuf,
  type Encoding,
  type LogData,
  type MetricData,
  type Signal,
  type SpanData,
} from '@otel-lab/otlp';
import { applyIngestLimits, DEFAULT_INGEST_LIMITS, type IngestLimits } from './ingest-limits.js';

/** Where received telemetry goes; each write resolves once it is durable. */
export interface IngestSink {
  writeSpans(spans: SpanData[]): Promise<void>;
  writeLogs(logs: LogData[]): Promise<void>;
  writeMetrics(metrics: MetricData[], receivedNs: bigint): Promise<void>;
}

const DECODERS: Record<Signal, Record<Encoding, (body: Uint8Array) => Decoded<unknown>>> = {
  traces: { protobuf: decodeTracesProtobuf, json: decodeTracesJson },
  logs: { protobuf: decodeLogsProtobuf, json: decodeLogsJson },
  metrics: { protobuf: decodeMetricsProtobuf, json: decodeMetricsJson },
};

/**
 * The one ingest path every receiver shares (OTLP/HTTP, OTLP/gRPC, file import): decode, apply
 * the limits, store durably. Decode errors throw OtlpDecodeError; the result says what was
 * rejected, for partialSuccess.
 */
export async function ingest(
  sink: IngestSink,
  signal: Signal,
  encoding: Encoding,
  body: Uint8Array,
  limits: IngestLimits = DEFAULT_INGEST_LIMITS,
): Promise<Decoded<unknown>> {
  const decoded = applyIngestLimits(signal, DECODERS[signal][encoding](body), limits);
  if (decoded.items.length > 0) {
    switch (signal) {
      case 'traces':
        await sink.writeSpans(decoded.items as SpanData[]);
        break;
      case 'logs':
        await sink.writeLogs(decoded.items as LogData[]);
        break;
      case 'metrics':
        await sink.writeMetrics(decoded.items as MetricData[], BigInt(Date.now()) * 1_000_000n);
        break;
    }
  }
  return decoded;
}
