/**
 * The stored spans of some traces, streamed out of DuckDB a chunk at a time and handed on a row
 * at a time, back to the event loop whenever a slice of work has run its time. Nothing here holds
 * more than one DuckDB chunk (2,048 rows): what the caller keeps is up to it, and the span
 * budget (span-budget.ts) bounds what the callers ask for.
 */
import type { DuckDBConnection, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import {
  type OtlpJsonKeyValue,
  type StoredEvent,
  storedEvents,
  storedKeyValues,
} from '../../storage/compact-attributes.js';
import type { EventLoopSlices } from '../event-loop-slices.js';

/** One row of `spans` as the trace APIs read it. */
export interface SpanRow {
  /** Where it is stored: increasing in the order spans were stored. */
  rowid: bigint;
  traceId: bigint;
  spanId: bigint;
  parentSpanId: bigint | null;
  traceState: string;
  flags: number;
  service: string;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint;
  durationNs: bigint;
  statusCode: number;
  statusMessage: string;
  /** In OTLP/JSON form, as stored. */
  attributes: OtlpJsonKeyValue[];
  events: StoredEvent[];
  links: StoredLink[];
  /** OTLP/JSON text, as stored: the same text for the same resource or scope. */
  resource: string;
  scope: string;
  droppedAttributes: number;
  droppedEvents: number;
  droppedLinks: number;
}

/** A span link as stored (span-columns.ts writes it). */
export interface StoredLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: OtlpJsonKeyValue[];
  droppedAttributesCount: number;
  flags: number;
}

/**
 * Which spans: every span of `ids` (traces in that order, each's spans in stored order), or of
 * one trace the first `first` stored after rowid `after`. Unless `copies`, exact copies of a span
 * (a batch an OTLP client sent twice) are read once, as Jaeger's span deduplication keeps them.
 */
export interface SpanSelection {
  ids: readonly bigint[];
  /** Only these stored rows of `ids` (a caller that has found them), instead of every span. */
  rowids?: readonly bigint[];
  first?: number;
  after?: bigint;
  copies: boolean;
  /**
   * Of one trace, with `first`: called before its first row with how many spans it has stored,
   * or first + 1 when it has more than `first`. Counted as its spans are read (a query of its
   * own cost a small trace's fetch a tenth more).
   */
  storedCount?: (spans: number) => void;
}

/** A span's values; its resource and scope are rows of their own (schema.ts), read by id. */
const VALUES = `s.rowid, s.trace_id, s.span_id, s.parent_span_id, s.trace_state, s.flags,
  s.service, s.name, s.kind, s.start_ns, coalesce(s.end_ns, s.start_ns + s.duration_ns),
  s.duration_ns, s.status_code, s.status_message, s.attributes::VARCHAR, s.events::VARCHAR,
  s.links::VARCHAR, s.dropped_attributes, s.dropped_events, s.dropped_links`;
const SPAN_COLUMNS = `${VALUES}, s.resource_id, r.body::VARCHAR, s.scope_id, c.body::VARCHAR`;
const SPAN_JOINS = `spans s LEFT JOIN resources r ON r.id = s.resource_id
  LEFT JOIN scopes c ON c.id = s.scope_id`;
/** Everything a span holds, the rowid aside: rows equal in all of it are copies. */
const SAME_SPAN = `${VALUES.replace('s.rowid, ', '')}, s.resource_id, s.scope_id`;

/** Decimal UHUGEINT literals from ids already parsed, never from request text. */
const idLiteral = (id: bigint) => `${BigInt.asUintN(128, id)}::UHUGEINT`;

function selectionSql(selection: SpanSelection): string {
  const { ids, first, after } = selection;
  const one = first !== undefined || after !== undefined || selection.storedCount !== undefined;
  if (one && ids.length !== 1) {
    throw new Error('first, after and storedCount select spans of one trace');
  }
  if (selection.storedCount && first === undefined) {
    throw new Error('storedCount needs first');
  }
  const list = ids.map(idLiteral).join(', ');
  const from = after === undefined ? '' : ` AND rowid > ${BigInt.asIntN(64, after)}`;
  // With storedCount, one more than `first` tells a trace that has more; it is not handed on.
  const extra = selection.storedCount ? 1 : 0;
  const top = first === undefined ? '' : ` ORDER BY rowid LIMIT ${Math.trunc(first) + extra}`;
  // Two phases: the rowids first, so that only the row groups that hold them are read whole
  // (notes/duckdb-span-ingest.md, §6).
  const rowids =
    selection.rowids === undefined
      ? `SELECT rowid FROM spans WHERE trace_id IN (${list})${from}${top}`
      : `SELECT unnest([${selection.rowids.map((id) => BigInt.asIntN(64, id)).join(', ')}]::BIGINT[])`;
  // Copies are told by a hash of what a span holds, read beside it, and left out as they come
  // (as Jaeger's deduplication does, by a hash of the span): a window over every column cost a
  // small trace three times its read.
  const copyHash = selection.copies ? '' : `, hash(${SAME_SPAN})`;
  const stored = selection.storedCount ? ', count(*) OVER ()' : '';
  const order = ids.length === 1 ? 's.rowid' : `list_position([${list}], s.trace_id), s.rowid`;
  return `SELECT ${SPAN_COLUMNS}${copyHash}${stored} FROM ${SPAN_JOINS}
    WHERE s.rowid IN (${rowids}) ORDER BY ${order}`;
}

const text = (value: DuckDBValue) => (value as string | null) ?? '';
const bigint = (value: DuckDBValue) => (value as bigint | null) ?? 0n;
const number = (value: DuckDBValue) => Number(value ?? 0);

/** Bodies of resources or scopes by id, each read out of DuckDB's vector once per read. */
function bodies(fallback: string) {
  const byId = new Map<number, string>();
  return (ids: DuckDBVector, texts: DuckDBVector, row: number): string => {
    const id = ids.getItem(row) as number | null;
    if (id === null) return fallback;
    let body = byId.get(id);
    if (body === undefined) {
      body = (texts.getItem(row) as string | null) ?? fallback;
      byId.set(id, body);
    }
    return body;
  };
}

/**
 * Streams the spans `selection` names on `connection`, which must run nothing else meanwhile
 * (the next query on a connection closes its open stream), handing each to `onRow`.
 */
export async function readSpanRows(
  connection: DuckDBConnection,
  selection: SpanSelection,
  onRow: (row: SpanRow) => void,
  slices: EventLoopSlices,
): Promise<void> {
  if (selection.ids.length === 0) return;
  const result = await connection.stream(selectionSql(selection));
  const resource = bodies('{}');
  const scope = bodies('{}');
  // Hashes of the spans handed on, by span id: a copy has the same span id and hash.
  const seen = selection.copies ? undefined : new Set<string>();
  let storedCount = selection.storedCount;
  // Rows past `first` (the one more storedCount reads) are not handed on.
  let left = selection.first ?? Number.POSITIVE_INFINITY;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const v = Array.from({ length: chunk.columnCount }, (_, i) => chunk.getColumnVector(i));
    const at = (column: number, row: number) => (v[column] as DuckDBVector).getItem(row);
    storedCount?.(number(at(chunk.columnCount - 1, 0)));
    storedCount = undefined;
    for (let row = 0; row < chunk.rowCount; row++) {
      if (left-- <= 0) break;
      if (seen) {
        const key = `${at(2, row)} ${at(24, row)}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const startNs = bigint(at(9, row));
      onRow({
        rowid: bigint(at(0, row)),
        traceId: bigint(at(1, row)),
        spanId: bigint(at(2, row)),
        parentSpanId: (at(3, row) as bigint | null) ?? null,
        traceState: text(at(4, row)),
        flags: number(at(5, row)),
        service: text(at(6, row)),
        name: text(at(7, row)),
        kind: number(at(8, row)),
        startNs,
        endNs: bigint(at(10, row)),
        durationNs: bigint(at(11, row)),
        statusCode: number(at(12, row)),
        statusMessage: text(at(13, row)),
        attributes: storedKeyValues((at(14, row) as string | null) ?? '{}'),
        events: storedEvents((at(15, row) as string | null) ?? '[]', startNs),
        links: JSON.parse((at(16, row) as string | null) ?? '[]') as StoredLink[],
        droppedAttributes: number(at(17, row)),
        droppedEvents: number(at(18, row)),
        droppedLinks: number(at(19, row)),
        resource: resource(v[20] as DuckDBVector, v[21] as DuckDBVector, row),
        scope: scope(v[22] as DuckDBVector, v[23] as DuckDBVector, row),
      });
      if (slices.due) await slices.yield();
    }
  }
}
