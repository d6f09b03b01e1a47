/** The parts of Jaeger's v1 query API JSON the UI reads (the backend writes them as Jaeger does). */

export interface JaegerTag {
  key: string;
  type: string;
  value: unknown;
}

export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: JaegerReference[];
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: JaegerTag[];
  logs: { timestamp: number; fields: JaegerTag[] }[];
  processID: string;
  warnings?: string[] | null;
}

export interface JaegerProcess {
  serviceName: string;
  tags: JaegerTag[];
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings?: string[] | null;
}

/** A log record as GET /api/logs answers it: times in ns as strings, OTLP/JSON values. */
export interface LogRecordView {
  /** The record's place in the order, "TIME-SEQ": unique, the live tail's `after`. */
  cursor: string;
  time: string;
  service: string;
  severityNumber: number;
  severityText: string;
  body: unknown;
  attributes: unknown;
  traceId: string;
  spanId: string;
}
