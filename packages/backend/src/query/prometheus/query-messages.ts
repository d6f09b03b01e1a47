/**
 * The messages between the main thread and a PromQL worker thread (query-pool.ts and
 * query-worker.ts). The worker asks for each select's rows; the main thread answers with the rows
 * as read, their buffers transferred rather than copied. Errors cross as records and come back
 * as the classes the API maps to its error types.
 */
import { type LabelMatcher, PromqlError, type PromqlErrorType } from '@otel-lab/promql';
import type { HistogramRows } from '../../storage/histogram-rows.js';
import type { RowChunk } from '../../storage/row-chunks.js';
import { MatcherError } from './label-matcher.js';
import type { QueryRequest } from './query-runner.js';
import type { SeriesLabelsMessage } from './worker-labels.js';

/** A selection as it crosses: the series (labels as worker-labels.ts sends them), their rows. */
export interface SelectionMessage {
  series: SeriesLabelsMessage;
  chunks: RowChunk[];
  histograms?: HistogramRows;
}

export type ErrorRecord = {
  kind: 'promql' | 'matcher' | 'other';
  type: PromqlErrorType;
  message: string;
};

export type ToWorker =
  /** Sent first: the main thread writes a query's id here to stop it (shared memory). */
  | { type: 'stop-flag'; flag: Int32Array }
  | { type: 'run'; id: number; request: QueryRequest }
  | { type: 'selectors'; id: number; query: string }
  | { type: 'rows'; id: number; select: number; selection: SelectionMessage }
  | { type: 'rows-failed'; id: number; select: number; error: ErrorRecord };

export type FromWorker =
  | {
      type: 'select';
      id: number;
      select: number;
      matchers: LabelMatcher[];
      minT: number;
      maxT: number;
    }
  | { type: 'answer'; id: number; json: Uint8Array; warnings: string[] }
  | { type: 'selectors'; id: number; selectors: LabelMatcher[][] }
  | { type: 'failed'; id: number; error: ErrorRecord };

/** An error as a record; anything not a query error is `internal`, its message kept for the log. */
export function errorRecord(error: unknown): ErrorRecord {
  if (error instanceof ForwardedError) return error.record;
  if (error instanceof PromqlError) {
    return { kind: 'promql', type: error.type, message: error.message };
  }
  if (error instanceof MatcherError) {
    return { kind: 'matcher', type: 'bad_data', message: error.message };
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { kind: 'other', type: 'internal', message };
}

/** An error that came from the other thread, kept as it was so it can go back unchanged. */
export class ForwardedError extends Error {
  constructor(readonly record: ErrorRecord) {
    super(record.message);
  }
}

/** The record as the error the API layer knows: PromqlError, MatcherError or a plain Error. */
export function reviveError(record: ErrorRecord): Error {
  if (record.kind === 'promql') return new PromqlError(record.type, record.message);
  if (record.kind === 'matcher') return new MatcherError(record.message);
  return new Error(record.message);
}
