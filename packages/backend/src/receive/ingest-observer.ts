/**
 * What the receivers tell the backend's own metrics (/metrics): what each protocol stored and
 * what it refused. The receivers call it at their call sites; the counting lives in
 * self-metrics/receiver-metrics.ts, so that a receiver knows no metrics library.
 */
import { OtlpDecodeError, type Signal } from '@otel-lab/otlp';
import { QueueFullError } from '../storage/write-queue.js';
import { ImportError } from './import-otlp-json.js';
import type { IngestSink, IngestTarget } from './ingest.js';
import { IngestBudgetError } from './ingest-budget.js';
import { BodyError } from './read-body.js';

/** How telemetry arrived: the `protocol` label's closed set of values. */
export const INGEST_PROTOCOLS = ['grpc', 'http/protobuf', 'http/json', 'scrape', 'import'] as const;
export type IngestProtocol = (typeof INGEST_PROTOCOLS)[number];

/** Why a request was refused whole: the `reason` label's closed set of values. */
export const REFUSAL_REASONS = [
  'malformed',
  'too_large',
  'timeout',
  'overloaded',
  'storage_failed',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** What a refused request carried: an OTLP signal, scraped or imported samples, or any (a file). */
export type RefusedSignal = Signal | 'samples' | 'any';

export interface IngestObserver {
  /**
   * `sink` counting what `protocol` stores through it (and what storage refuses). With
   * `samples`, writeSamples counts received samples; without, it is a translation of metrics
   * already counted as data points, and passes uncounted.
   */
  sink(sink: IngestSink, protocol: IngestProtocol, samples?: boolean): IngestSink;
  /** Items of a stored request left out as invalid or over a limit (partialSuccess's count). */
  rejected(signal: Signal, protocol: IngestProtocol, count: number): void;
  /** A request refused whole: its items were never counted. */
  refused(signal: RefusedSignal, protocol: IngestProtocol, reason: RefusalReason): void;
}

/** `target` storing through `observer`'s counting sink for `protocol`; as it is without one. */
export function observedTarget<T extends IngestTarget>(
  target: T,
  protocol: IngestProtocol,
  observer: IngestObserver | undefined,
): T {
  return observer ? { ...target, sink: observer.sink(target.sink, protocol) } : target;
}

/** The reason label of an error a receiver answered with. */
export function refusalOf(error: unknown): RefusalReason {
  if (error instanceof BodyError) {
    return error.status === 408 ? 'timeout' : error.status === 413 ? 'too_large' : 'malformed';
  }
  if (error instanceof OtlpDecodeError || error instanceof ImportError) return 'malformed';
  if (error instanceof QueueFullError || error instanceof IngestBudgetError) return 'overloaded';
  return 'storage_failed';
}
