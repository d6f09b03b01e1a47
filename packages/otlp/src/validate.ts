import type { Decoded, LogData, SpanData } from './model.js';

/**
 * `id` is `length` lower-case hex digits, not all zero. A loop, not two regexes: every record
 * and span passes here, and the regexes were a tenth of decoding a log record.
 */
function isId(id: string, length: number): boolean {
  if (id.length !== length) return false;
  let nonZero = false;
  for (let i = 0; i < length; i++) {
    const c = id.charCodeAt(i);
    if (c === 0x30) continue;
    if (!((c > 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
    nonZero = true;
  }
  return nonZero;
}

const isTraceId = (id: string) => isId(id, 32);
const isSpanId = (id: string) => isId(id, 16);

/** Why a span named `name` is invalid, given which of its ids are well formed. */
export function spanIdsRejection(
  name: string,
  traceIdValid: boolean,
  spanIdValid: boolean,
  parentValid: boolean,
): string | undefined {
  if (!traceIdValid) return `span "${name}": trace id must be 16 bytes, not all zero`;
  if (!spanIdValid) return `span "${name}": span id must be 8 bytes, not all zero`;
  if (!parentValid) return `span "${name}": parent span id must be empty or 8 bytes`;
  return undefined;
}

/** Why the specification would call this span invalid, or undefined when it is valid. */
export const spanRejection = (span: SpanData): string | undefined =>
  spanIdsRejection(
    span.name,
    isTraceId(span.traceId),
    isSpanId(span.spanId),
    span.parentSpanId === '' || isSpanId(span.parentSpanId),
  );

/** Log records need no trace; when they name one, the ids must be well formed. */
export function logRejection(log: LogData): string | undefined {
  if (log.traceId !== '' && !isTraceId(log.traceId))
    return 'log record: trace id must be empty or 16 bytes';
  if (log.spanId !== '' && !isSpanId(log.spanId))
    return 'log record: span id must be empty or 8 bytes';
  return undefined;
}

/** Keeps the valid items and counts the others, remembering the first reason. */
export function collect<T>(items: T[], rejectionOf: (item: T) => string | undefined): Decoded<T> {
  const kept: T[] = [];
  let rejected = 0;
  let rejectionReason = '';
  for (const item of items) {
    const reason = rejectionOf(item);
    if (reason === undefined) {
      kept.push(item);
      continue;
    }
    rejected += 1;
    rejectionReason ||= reason;
  }
  return { items: kept, rejected, rejectionReason };
}

/** A metric the specification calls invalid: no name, or no data of any known type. */
export function metricRejection(metric: { name: string; type?: string }): string | undefined {
  if (metric.name === '') return 'metric: name must not be empty';
  if (metric.type === undefined)
    return `metric "${metric.name}": no data (gauge, sum, histogram, exponential histogram or summary)`;
  return undefined;
}

/** As collect, but counts rejected data points, as OTLP's metrics partialSuccess does. */
export function collectMetrics<T extends { name: string; type?: string; points?: unknown[] }>(
  metrics: T[],
): Decoded<T> {
  const kept: T[] = [];
  let rejected = 0;
  let rejectionReason = '';
  for (const metric of metrics) {
    const reason = metricRejection(metric);
    if (reason === undefined) {
      kept.push(metric);
      continue;
    }
    rejected += metric.points?.length ?? 0;
    rejectionReason ||= reason;
  }
  return { items: kept, rejected, rejectionReason };
}
