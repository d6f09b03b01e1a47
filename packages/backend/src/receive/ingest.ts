import {
  type Decoded,
  decodeMetricsJson,
  decodeMetricsProtobuf,
  type Encoding,
  type MetricData,
  type Signal,
} from '@otel-lab/otlp';
import { translateOtlpMetrics } from '../metrics/otlp-metrics-to-samples.js';
import type { SampleBatch } from '../metrics/sample.js';
import type { LogColumns } from '../storage/log-columns.js';
import type { SpanColumns } from '../storage/span-columns.js';
import { IN_PROCESS_DECODER, type RequestDecoder } from './decode-pool.js';
import { applyIngestLimits, DEFAULT_INGEST_LIMITS, type IngestLimits } from './ingest-limits.js';

/** Where received telemetry goes; each write resolves once it is durable. */
export interface IngestSink {
  writeSpanColumns(columns: SpanColumns): Promise<void>;
  writeLogColumns(columns: LogColumns): Promise<void>;
  writeMetrics(metrics: MetricData[], receivedNs: bigint): Promise<void>;
  /** Metrics in Prometheus's shape (translated OTLP metrics, span metrics). */
  writeSamples(batch: SampleBatch): Promise<void>;
}

/** How a receiver ingests: where to, with which limits, and who decodes traces. */
export interface IngestTarget {
  sink: IngestSink;
  /** Per-request and per-item limits; the defaults when absent. */
  limits?: IngestLimits;
  /** The decode worker; without one, traces and logs are decoded in the calling thread. */
  decoder?: RequestDecoder;
}

/** What became of a request's items, for partialSuccess. */
export interface IngestResult {
  accepted: number;
  rejected: number;
  /** Why the first rejected item was rejected; empty when none was. */
  rejectionReason: string;
}

const DECODERS = {
  metrics: { protobuf: decodeMetricsProtobuf, json: decodeMetricsJson },
} satisfies Record<'metrics', Record<Encoding, (body: Uint8Array) => unknown>>;

/**
 * The one ingest path every receiver shares (OTLP/HTTP, OTLP/gRPC, file import): decode, apply
 * the limits, store durably. Decode errors throw OtlpDecodeError.
 */
export async function ingest(
  target: IngestTarget,
  signal: Signal,
  encoding: Encoding,
  body: Uint8Array,
): Promise<IngestResult> {
  const limits = target.limits ?? DEFAULT_INGEST_LIMITS;
  if (signal === 'traces') {
    const decoder = target.decoder ?? IN_PROCESS_DECODER;
    const { columns, rejected, rejectionReason } = await decoder.decode(encoding, body, limits);
    if (columns.count > 0) await target.sink.writeSpanColumns(columns);
    return { accepted: columns.count, rejected, rejectionReason };
  }
  if (signal === 'logs') {
    const decoder = target.decoder ?? IN_PROCESS_DECODER;
    const { columns, rejected, rejectionReason } = await decoder.decodeLogs(encoding, body, limits);
    if (columns.count > 0) await target.sink.writeLogColumns(columns);
    return { accepted: columns.count, rejected, rejectionReason };
  }
  const decoded: Decoded<unknown> = applyIngestLimits(
    signal,
    DECODERS[signal][encoding](body),
    limits,
  );
  const warning =
    decoded.items.length > 0 ? await ingestMetrics(target.sink, decoded.items as MetricData[]) : '';
  return {
    accepted: decoded.items.length,
    rejected: decoded.rejected,
    // As Prometheus's receiver does, a translation warning travels as a partial success
    // message with nothing rejected.
    rejectionReason: decoded.rejectionReason || warning,
  };
}

/**
 * Stores metrics as received (received_metrics), then as Prometheus series; both are durable
 * before the request is acknowledged. Returns the translation's first warning, if any.
 */
async function ingestMetrics(sink: IngestSink, metrics: MetricData[]): Promise<string> {
  await sink.writeMetrics(metrics, BigInt(Date.now()) * 1_000_000n);
  const translation = translateOtlpMetrics(metrics);
  if (translation.batch.series.length > 0) await sink.writeSamples(translation.batch);
  return translation.warnings[0] ?? '';
}
