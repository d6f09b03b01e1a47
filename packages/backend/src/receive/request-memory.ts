import type { Encoding, Signal } from '@otel-lab/otlp';

/**
 * What a request keeps once decoded, per byte of its (decompressed) body, until its write
 * commits: measured with `npm run bench:decoded-size` (docs/benchmarks.md), rounded up. Traces
 * keep the `spans` columns the decode worker hands back; metrics keep the decoded objects
 * (several times the protobuf wire size) and their samples. Logs now keep `logs` columns too
 * (log-columns.ts), smaller than the objects they were measured as: their figure is kept, an
 * overestimate, until it is measured again.
 */
export const DECODED_BYTES_PER_BODY_BYTE: Record<Signal, Record<Encoding, number>> = {
  traces: { json: 0.7, protobuf: 1.5 },
  logs: { json: 2, protobuf: 7.5 },
  metrics: { json: 8.5, protobuf: 15 },
};

/**
 * The socket chunks (or gRPC frames) a body arrived in are copied into one buffer and are garbage
 * from then on, but stay in memory until the next collection: one more body's worth, which the
 * 60-client test's peak RSS (ingest-memory.test.ts) shows is really held.
 */
const ARRIVAL_GARBAGE = 1;

/**
 * What a body holds while it is read, per byte arrived (after decompression): the chunks it came
 * in, then the one buffer they are joined into once it is whole (the chunks garbage from then on).
 * Only bytes that have arrived are counted, so holding the budget costs a client what it sends.
 */
export function bytesWhileReading(bodyBytes: number): number {
  return (ARRIVAL_GARBAGE + 1) * bodyBytes;
}

/**
 * The bytes to reserve for an OTLP request whose body is `bodyBytes` long, from when the body is
 * whole until its batch is stored: the arrival garbage, the body and its decoded form. A trace
 * body handed to the decode worker is freed only at the worker's next collection, so it is
 * counted beside the columns that come back, as logs' and metrics' bodies are beside theirs. The decoders' working set while one request is
 * decoded (the JSON parse tree, up to ~10x the body) is not counted: each thread decodes one
 * request at a time, so it does not grow with the number of clients.
 */
export function requestBytes(signal: Signal, encoding: Encoding, bodyBytes: number): number {
  const decoded = DECODED_BYTES_PER_BODY_BYTE[signal][encoding];
  return Math.ceil(bodyBytes * (ARRIVAL_GARBAGE + 1 + decoded));
}

/**
 * Bytes per body byte an import holds. OTLP/JSON: the body, its text and the arrival garbage,
 * then, document by document, the document as the decoder reads it and its decoded form; the
 * signal is known only once the body is read, so the most any signal's JSON keeps is counted.
 * OpenMetrics: the body, its text and the arrival garbage; its samples go in bounded batches.
 */
export const IMPORT_BYTES_PER_BODY_BYTE = {
  otlp: 3 + 1 + Math.max(...Object.values(DECODED_BYTES_PER_BODY_BYTE).map((bytes) => bytes.json)),
  openmetrics: 3,
} as const;
