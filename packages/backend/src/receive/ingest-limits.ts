import type { AnyValue, Decoded, KeyValue, LogData, Signal, SpanData } from '@otel-lab/otlp';

/** What one request and one item may hold; past these, data is cut down, never refused whole. */
export interface IngestLimits {
  /** Items (spans, log records) per request; the rest are rejected in partialSuccess. */
  maxItemsPerRequest: number;
  /** Attributes per span, event, link or log record; the rest are dropped and counted. */
  maxAttributes: number;
  /** Characters per string value; longer ones are truncated. */
  maxValueLength: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxItemsPerRequest: 50_000,
  maxAttributes: 128,
  maxValueLength: 16 * 1024,
};

/** A value with its strings and bytes, however deeply, cut to the limit. */
export function capValue(value: AnyValue, limits: IngestLimits): AnyValue {
  switch (value.type) {
    case 'string':
      return value.value.length > limits.maxValueLength
        ? { type: 'string', value: value.value.slice(0, limits.maxValueLength) }
        : value;
    case 'bytes':
      return value.value.length > limits.maxValueLength
        ? { type: 'bytes', value: value.value.subarray(0, limits.maxValueLength) }
        : value;
    case 'array':
      return { type: 'array', value: value.value.map((item) => capValue(item, limits)) };
    case 'kvlist':
      return {
        type: 'kvlist',
        value: value.value.map((kv) => ({ key: kv.key, value: capValue(kv.value, limits) })),
      };
    default:
      return value;
  }
}

/** The first `maxAttributes` attributes, values capped, and how many were dropped. */
function capAttributes(
  list: KeyValue[],
  limits: IngestLimits,
): { attributes: KeyValue[]; dropped: number } {
  const kept = list.slice(0, limits.maxAttributes);
  return {
    attributes: kept.map((kv) => ({
      key: kv.key.slice(0, limits.maxValueLength),
      value: capValue(kv.value, limits),
    })),
    dropped: list.length - kept.length,
  };
}

/** Whether a value holds a string or bytes longer than the limit, however deeply. */
function overLength(value: AnyValue, max: number): boolean {
  switch (value.type) {
    case 'string':
    case 'bytes':
      return value.value.length > max;
    case 'array':
      return value.value.some((item) => overLength(item, max));
    case 'kvlist':
      return value.value.some((kv) => kv.key.length > max || overLength(kv.value, max));
    default:
      return false;
  }
}

function withinLimits(list: KeyValue[], limits: IngestLimits): boolean {
  if (list.length > limits.maxAttributes) return false;
  for (const kv of list) {
    if (kv.key.length > limits.maxValueLength || overLength(kv.value, limits.maxValueLength)) {
      return false;
    }
  }
  return true;
}

/** An attribute list within the limits as it is (not copied), else capped. */
export function limitAttributes(
  list: KeyValue[],
  limits: IngestLimits,
): { attributes: KeyValue[]; dropped: number } {
  return withinLimits(list, limits)
    ? { attributes: list, dropped: 0 }
    : capAttributes(list, limits);
}

export function limitSpan(span: SpanData, limits: IngestLimits): SpanData {
  // Nearly every span is within the limits; it is then kept as it is, not copied.
  if (
    span.name.length <= limits.maxValueLength &&
    withinLimits(span.attributes, limits) &&
    span.events.every((event) => withinLimits(event.attributes, limits)) &&
    span.links.every((link) => withinLimits(link.attributes, limits))
  ) {
    return span;
  }
  const own = capAttributes(span.attributes, limits);
  return {
    ...span,
    name: span.name.slice(0, limits.maxValueLength),
    attributes: own.attributes,
    droppedAttributesCount: span.droppedAttributesCount + own.dropped,
    events: span.events.map((event) => {
      const capped = capAttributes(event.attributes, limits);
      return {
        ...event,
        attributes: capped.attributes,
        droppedAttributesCount: event.droppedAttributesCount + capped.dropped,
      };
    }),
    links: span.links.map((link) => {
      const capped = capAttributes(link.attributes, limits);
      return {
        ...link,
        attributes: capped.attributes,
        droppedAttributesCount: link.droppedAttributesCount + capped.dropped,
      };
    }),
  };
}

export function limitLog(log: LogData, limits: IngestLimits): LogData {
  const capped = capAttributes(log.attributes, limits);
  return {
    ...log,
    body: capValue(log.body, limits),
    attributes: capped.attributes,
    droppedAttributesCount: log.droppedAttributesCount + capped.dropped,
  };
}

/** Keeps the first `maxItemsPerRequest` items and counts the rest as rejected. */
export function limitRequest<T>(
  decoded: Decoded<T>,
  limits: IngestLimits,
  limitItem: (item: T) => T,
): Decoded<T> {
  const over = decoded.items.length - limits.maxItemsPerRequest;
  if (over <= 0) return { ...decoded, items: decoded.items.map(limitItem) };
  return {
    items: decoded.items.slice(0, limits.maxItemsPerRequest).map(limitItem),
    rejected: decoded.rejected + over,
    rejectionReason:
      decoded.rejectionReason ||
      `more than ${limits.maxItemsPerRequest} items in one request: split it into smaller batches`,
  };
}

/** The limits for one decoded request of `signal`; metrics are counted by their data points. */
export function applyIngestLimits(
  signal: Signal,
  decoded: Decoded<unknown>,
  limits: IngestLimits,
): Decoded<unknown> {
  switch (signal) {
    case 'traces':
      return limitRequest(decoded as Decoded<SpanData>, limits, (span) => limitSpan(span, limits));
    case 'logs':
      return limitRequest(decoded as Decoded<LogData>, limits, (log) => limitLog(log, limits));
    case 'metrics':
      return decoded;
  }
}
