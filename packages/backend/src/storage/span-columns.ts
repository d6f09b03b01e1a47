import type { KeyValue, ResourceData, SpanData, SpanEvent, SpanLink } from '@otel-lab/otlp';
import { inRange, clampNs as ns } from './clamp.js';
import { compactAttributesText, compactEventsText } from './compact-attributes.js';
import {
  intAttribute,
  keyValuesText,
  resourceText,
  scopeText,
  stringAttribute,
} from './otlp-json.js';
import { spanTagHashes } from './tag-hashes.js';
import { TextCells, writeIdLittleEndian } from './text-cells.js';

/**
 * A batch of spans as the columns of the `spans` table, built where the spans were decoded (a
 * worker thread) and appended where DuckDB is (the main thread). Everything is in typed arrays,
 * so the batch crosses threads by transfer, not by copy, and the appender copies whole columns
 * (notes/duckdb-span-ingest.md §4: this is what lets ingest pass 100k spans/s).
 */
export interface SpanColumns {
  count: number;
  /** UHUGEINT as DuckDB lays it out: the 16 id bytes, least significant first. */
  traceId: Uint8Array;
  /** UBIGINT ids; parentValid[i] is 0 for a root span. */
  spanId: BigUint64Array;
  parentSpanId: BigUint64Array;
  parentValid: Uint8Array;
  flags: Uint32Array;
  kind: Uint8Array;
  startNs: BigInt64Array;
  endNs: BigInt64Array;
  /** 1 where end_ns is stored: only when the end lies before the start (else NULL). */
  endValid: Uint8Array;
  durationNs: BigInt64Array;
  statusCode: Uint8Array;
  httpStatusCode: Uint16Array;
  httpStatusValid: Uint8Array;
  droppedAttributes: Uint32Array;
  droppedEvents: Uint32Array;
  droppedLinks: Uint32Array;
  /** The UTF-8 bytes of every string cell; cell (row, column) is at textStart/textLength. */
  text: Uint8Array;
  textStart: Uint32Array;
  /** -1 for SQL NULL. */
  textLength: Int32Array;
  /** Every row's tag hashes (tag-hashes.ts), one after the other; row i's end at tagHashEnd[i]. */
  tagHashes: Uint32Array;
  tagHashEnd: Uint32Array;
}

/** The string columns of `spans`, in table order, each cell's index within a row. */
export const SPAN_TEXT_COLUMNS = [
  'trace_state',
  'service',
  'name',
  'status_message',
  'http_method',
  'http_route',
  'attributes',
  'events',
  'links',
  'resource',
  'scope',
  'nested_keys',
] as const;
export const SPAN_TEXT_PER_ROW = SPAN_TEXT_COLUMNS.length;

export function linksText(links: readonly SpanLink[]): string {
  let text = '[';
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    if (!link) continue;
    if (i > 0) text += ',';
    text += `{"traceId":"${link.traceId}","spanId":"${link.spanId}","traceState":${JSON.stringify(link.traceState)},"attributes":${keyValuesText(link.attributes)},"droppedAttributesCount":${link.droppedAttributesCount},"flags":${link.flags}}`;
  }
  return `${text}]`;
}

/** The `nested_keys` text of a span's event and link attribute keys: `|key|key|`, '' for none. */
export const nestedKeysText = (keys: ReadonlySet<string>) =>
  keys.size === 0 ? '' : `|${[...keys].join('|')}|`;

/** The keys of the attributes of a span's events and links, each once. */
function nestedKeys(events: readonly SpanEvent[], links: readonly SpanLink[]): string {
  if (events.length === 0 && links.length === 0) return '';
  const keys = new Set<string>();
  for (const event of events) for (const kv of event.attributes) keys.add(kv.key);
  for (const link of links) for (const kv of link.attributes) keys.add(kv.key);
  return nestedKeysText(keys);
}

/** The http method, route and status code columns, under their current or older names. */
function httpMethod(attributes: KeyValue[]): string | undefined {
  return (
    stringAttribute(attributes, 'http.request.method') ?? stringAttribute(attributes, 'http.method')
  );
}

function httpStatus(attributes: KeyValue[]): number | undefined {
  return (
    intAttribute(attributes, 'http.response.status_code') ??
    intAttribute(attributes, 'http.status_code')
  );
}

/** Columns for `count` rows, every value zero, their text cells in `cells`. */
export function createSpanColumns(count: number, cells: TextCells): SpanColumns {
  return {
    count,
    traceId: new Uint8Array(count * 16),
    spanId: new BigUint64Array(count),
    parentSpanId: new BigUint64Array(count),
    parentValid: new Uint8Array(count),
    flags: new Uint32Array(count),
    kind: new Uint8Array(count),
    startNs: new BigInt64Array(count),
    endNs: new BigInt64Array(count),
    endValid: new Uint8Array(count),
    durationNs: new BigInt64Array(count),
    statusCode: new Uint8Array(count),
    httpStatusCode: new Uint16Array(count),
    httpStatusValid: new Uint8Array(count),
    droppedAttributes: new Uint32Array(count),
    droppedEvents: new Uint32Array(count),
    droppedLinks: new Uint32Array(count),
    text: new Uint8Array(0),
    textStart: cells.start,
    textLength: cells.length,
    tagHashes: new Uint32Array(0),
    tagHashEnd: new Uint32Array(count),
  };
}

/** The first `rows` rows of `columns` (a decoder that sized them before rejecting some spans). */
export function firstSpanRows(columns: SpanColumns, rows: number): SpanColumns {
  if (rows === columns.count) return columns;
  const cells = rows * SPAN_TEXT_PER_ROW;
  return {
    count: rows,
    traceId: columns.traceId.slice(0, rows * 16),
    spanId: columns.spanId.slice(0, rows),
    parentSpanId: columns.parentSpanId.slice(0, rows),
    parentValid: columns.parentValid.slice(0, rows),
    flags: columns.flags.slice(0, rows),
    kind: columns.kind.slice(0, rows),
    startNs: columns.startNs.slice(0, rows),
    endNs: columns.endNs.slice(0, rows),
    endValid: columns.endValid.slice(0, rows),
    durationNs: columns.durationNs.slice(0, rows),
    statusCode: columns.statusCode.slice(0, rows),
    httpStatusCode: columns.httpStatusCode.slice(0, rows),
    httpStatusValid: columns.httpStatusValid.slice(0, rows),
    droppedAttributes: columns.droppedAttributes.slice(0, rows),
    droppedEvents: columns.droppedEvents.slice(0, rows),
    droppedLinks: columns.droppedLinks.slice(0, rows),
    text: columns.text,
    textStart: columns.textStart.slice(0, cells),
    textLength: columns.textLength.slice(0, cells),
    tagHashes: columns.tagHashes,
    tagHashEnd: columns.tagHashEnd.slice(0, rows),
  };
}

/** The service cell of a span of `resource`: its service.name, as the SDKs default it. */
export const serviceText = (resource: ResourceData) =>
  stringAttribute(resource.attributes, 'service.name') ?? 'unknown_service';

/** The `spans` columns of a batch; resource and scope text is written once per distinct one. */
export function buildSpanColumns(spans: SpanData[]): SpanColumns {
  const count = spans.length;
  const cells = new TextCells(count, SPAN_TEXT_PER_ROW);
  const columns = createSpanColumns(count, cells);
  const hashes: number[] = [];
  const spanIdBytes = new Uint8Array(columns.spanId.buffer);
  const parentBytes = new Uint8Array(columns.parentSpanId.buffer);
  for (let row = 0; row < count; row++) {
    const span = spans[row] as SpanData;
    writeIdLittleEndian(span.traceId, columns.traceId, row * 16, 16);
    writeIdLittleEndian(span.spanId, spanIdBytes, row * 8, 8);
    if (span.parentSpanId !== '') {
      writeIdLittleEndian(span.parentSpanId, parentBytes, row * 8, 8);
      columns.parentValid[row] = 1;
    }
    columns.flags[row] = span.flags >>> 0;
    columns.kind[row] = inRange(span.kind, 5);
    const start = ns(span.startTimeUnixNano);
    const end = ns(span.endTimeUnixNano);
    columns.startNs[row] = start;
    columns.endNs[row] = end;
    // The end is start + duration unless it lies before the start; only then is it stored.
    columns.endValid[row] = end < start ? 1 : 0;
    columns.durationNs[row] = end > start ? end - start : 0n;
    columns.statusCode[row] = inRange(span.status.code, 2);
    const status = httpStatus(span.attributes);
    if (status !== undefined && status >= 0 && status <= 65535) {
      columns.httpStatusCode[row] = status;
      columns.httpStatusValid[row] = 1;
    }
    columns.droppedAttributes[row] = span.droppedAttributesCount >>> 0;
    columns.droppedEvents[row] = span.droppedEventsCount >>> 0;
    columns.droppedLinks[row] = span.droppedLinksCount >>> 0;

    cells.put(row, 0, span.traceState);
    cells.putShared(row, 1, span.resource.attributes, () => serviceText(span.resource));
    cells.put(row, 2, span.name);
    cells.put(row, 3, span.status.message);
    cells.put(row, 4, httpMethod(span.attributes));
    cells.put(row, 5, stringAttribute(span.attributes, 'http.route'));
    cells.put(row, 6, compactAttributesText(span.attributes));
    cells.put(row, 7, compactEventsText(span.events, start));
    cells.put(row, 8, linksText(span.links));
    cells.putShared(row, 9, span.resource, () => resourceText(span.resource));
    cells.putShared(row, 10, span.scope, () => scopeText(span.scope));
    cells.put(row, 11, nestedKeys(span.events, span.links));
    spanTagHashes(span, hashes);
    columns.tagHashEnd[row] = hashes.length;
  }
  columns.text = cells.bytes();
  columns.tagHashes = Uint32Array.from(hashes);
  return columns;
}
