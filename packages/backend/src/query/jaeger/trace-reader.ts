import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import {
  jsonPointer,
  storedEventsJson,
  storedKeyValuesJson,
} from '../../storage/compact-attributes.js';
import {
  ANY_VALUE_TEXT,
  compactAttributeText,
  SPAN_KIND_NUMBERS,
} from '../../storage/stored-sql.js';
import { readServiceCalls } from '../service-calls.js';
import { int64, SqlParams } from '../sql-params.js';
import type { TraceSearch } from './search-params.js';

/** One row of `spans` as the Jaeger API reads it. */
export interface SpanRow {
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
  /** OTLP/JSON text, as stored. */
  attributes: string;
  events: string;
  links: string;
  resource: string;
  scope: string;
  droppedAttributes: number;
  droppedEvents: number;
  droppedLinks: number;
}

/** A call from one service to another: `callCount` spans of `child` had a parent in `parent`. */
export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
}

export interface Operation {
  name: string;
  /** OTLP kind number: 0 unspecified … 5 consumer. */
  kind: number;
}

/** A span's columns with its resource and scope, which are rows of their own (schema.ts). */
const SPAN_COLUMNS = `s.trace_id, s.span_id, s.parent_span_id, s.trace_state, s.flags, s.service,
  s.name, s.kind, s.start_ns, coalesce(s.end_ns, s.start_ns + s.duration_ns) AS end_ns,
  s.duration_ns, s.status_code, s.status_message,
  s.attributes::VARCHAR AS attributes, s.events::VARCHAR AS events, s.links::VARCHAR AS links,
  r.body::VARCHAR AS resource, c.body::VARCHAR AS scope, s.dropped_attributes, s.dropped_events,
  s.dropped_links`;
const SPAN_JOINS = `spans s LEFT JOIN resources r ON r.id = s.resource_id
  LEFT JOIN scopes c ON c.id = s.scope_id`;

type DerivedTag = (value: string, param: () => string) => string | undefined;

/** `kind = N` for a span.kind name; N is a number from the table, never request text. */
function kindCondition(value: string): string | undefined {
  const kind = SPAN_KIND_NUMBERS.get(value);
  return kind === undefined || kind === 0 ? undefined : `kind = ${Math.trunc(kind)}`;
}

/**
 * Tags Jaeger's OTLP translator derives from span fields, so a search for error=true or
 * span.kind=server finds them as Jaeger does. `param` binds the value and names its parameter.
 * A Map: the key is request text (see SPAN_KIND_NUMBERS).
 */
const DERIVED_TAGS: ReadonlyMap<string, DerivedTag> = new Map<string, DerivedTag>([
  ['error', (value) => (value === 'true' ? 'status_code = 2' : undefined)],
  ['span.kind', kindCondition],
  [
    'otel.status_code',
    (value) =>
      value === 'OK' ? 'status_code = 1' : value === 'ERROR' ? 'status_code = 2' : undefined,
  ],
  ['otel.status_description', (_value, param) => `status_message = ${param()}`],
  [
    'otel.scope.name',
    (_value, param) => `scope_id IN (SELECT id FROM scopes WHERE body->>'name' = ${param()})`,
  ],
  [
    'otel.scope.version',
    (_value, param) => `scope_id IN (SELECT id FROM scopes WHERE body->>'version' = ${param()})`,
  ],
  ['w3c.tracestate', (_value, param) => `trace_state = ${param()}`],
]);

/** Where a span's key/values are stored: its attribute list, its events' and links', and the
 * attributes of its resource and scope, in tables of their own. */
const LINK_KEY_VALUES = `json_extract(links, '$[*].attributes[*]')`;
const BODY_KEY_VALUES = `json_extract(body, '$.attributes[*]')`;

/**
 * Span attributes with a column of their own (storage/schema.ts): a search on them reads that
 * column, not the attribute JSON, which is what keeps tag searches fast
 * (notes/duckdb-span-ingest.md §6). Only keys the column holds alone, so the match is exact.
 */
const PROMOTED_COLUMNS: ReadonlyMap<string, string> = new Map([['http.route', 'http_route']]);

/**
 * How a key/value with this key and a value whose text is `value` is written in the stored
 * OTLP/JSON (span-columns.ts writes it so), once for each type the value could have.
 */
function storedForms(key: string, value: string): string[] {
  const prefix = `{"key":${JSON.stringify(key)},"value":{`;
  const forms = [
    `${prefix}"stringValue":${JSON.stringify(value)}}`,
    `${prefix}"bytesValue":${JSON.stringify(value)}}`,
  ];
  if (/^-?\d+$/.test(value)) forms.push(`${prefix}"intValue":"${value}"}`);
  if (value === 'true' || value === 'false') forms.push(`${prefix}"boolValue":${value}}`);
  if (value.trim() !== '' && Number.isFinite(Number(value))) {
    forms.push(`${prefix}"doubleValue":${value}}`);
  }
  if (['NaN', 'Infinity', '-Infinity'].includes(value)) {
    forms.push(`${prefix}"doubleValue":"${value}"}`);
  }
  return forms;
}

/** How the compact stored form (compact-attributes.ts) writes `key` with a value of this text. */
function compactForms(key: string, value: string): string[] {
  const prefix = `${JSON.stringify(key)}:`;
  const forms = [`${prefix}${JSON.stringify(value)}`, `${prefix}{"b":${JSON.stringify(value)}}`];
  // A bare number or bool ends where the next attribute or the object does.
  const bare = (text: string) => forms.push(`${prefix}${text},`, `${prefix}${text}}`);
  if (/^-?\d+$/.test(value)) forms.push(`${prefix}{"i":"${value}"}`, `${prefix}{"d":${value}}`);
  if (value === 'true' || value === 'false') bare(value);
  if (value.trim() !== '' && Number.isFinite(Number(value))) bare(value);
  if (['NaN', 'Infinity', '-Infinity'].includes(value)) forms.push(`${prefix}{"d":"${value}"}`);
  return forms;
}

/**
 * A span attribute equal to `value` (as text): a pre-filter on the stored text of the key and
 * value, then the exact comparison on the few spans that pass it.
 */
function compactMatch(
  key: string,
  value: string,
  params: SqlParams,
  column: 'attributes' | 'events' = 'attributes',
): string {
  const text = compactForms(key, value)
    .map((form) => `contains(${column}::VARCHAR, ${params.add(form)})`)
    .join(' OR ');
  const pointer = params.add(jsonPointer(key));
  const valueParam = params.add(value);
  if (column === 'attributes') {
    return `((${text}) AND ${compactAttributeText('attributes', pointer)} = ${valueParam})`;
  }
  // Each event's attributes are the "a" object of its compact form (compact-attributes.ts).
  return `((${text}) AND len(list_filter(json_extract(events, '$[*].a'),
    lambda a: ${compactAttributeText('a', pointer)} = ${valueParam})) > 0)`;
}

/**
 * A text pre-filter for the exact match: the key and value as they would be written, so the
 * JSON is parsed only for spans that hold them (a value alone also matches log messages that
 * quote it, and parsing those made a tag search 40 times slower).
 */
function storedMatch(
  columns: string[],
  keyValues: string,
  key: string,
  value: string,
  params: SqlParams,
) {
  const keyParam = params.add(key);
  const valueParam = params.add(value);
  const needles = storedForms(key, value).map((form) => params.add(form));
  const text = columns
    .flatMap((column) => needles.map((needle) => `contains(${column}::VARCHAR, ${needle})`))
    .join(' OR ');
  // A list function, not an EXISTS subquery: DuckDB evaluates it only on the rows the text
  // filter passed, where a correlated subquery is planned as a join over every row.
  return `((${text}) AND len(list_filter(${keyValues},
    lambda kv: kv->>'key' = ${keyParam} AND ${ANY_VALUE_TEXT} = ${valueParam})) > 0)`;
}

/** Ids of the resources and of the scopes that hold a key/value, looked up before the search. */
interface HoldingIds {
  resources: number[];
  scopes: number[];
}

function tagCondition(key: string, value: string, holders: HoldingIds, params: SqlParams): string {
  const promoted = PROMOTED_COLUMNS.get(key);
  const own = promoted ? `${promoted} = ${params.add(value)}` : compactMatch(key, value, params);
  // nested_keys lists the keys of a span's event and link attributes: a small column to rule
  // out nearly every span before the event and link JSON is read.
  const inEvents = compactMatch(key, value, params, 'events');
  const inLinks = storedMatch(['links'], LINK_KEY_VALUES, key, value, params);
  const nested = `(contains(nested_keys, ${params.add(`|${key}|`)}) AND (${inEvents} OR ${inLinks}))`;
  // Resources and scopes are few: their ids are found first, so the span scan compares integers.
  const idIn = (column: string, ids: number[]) =>
    ids.length === 0 ? '' : ` OR ${column} IN (${ids.map((id) => Math.trunc(id)).join(', ')})`;
  const other = `${nested}${idIn('resource_id', holders.resources)}${idIn('scope_id', holders.scopes)}`;
  const derived = DERIVED_TAGS.get(key)?.(value, () => params.add(value));
  return `(${own} OR ${other}${derived ? ` OR (${derived})` : ''})`;
}

/** Decimal UHUGEINT literals from numbers already parsed, never from request text. */
const idList = (ids: bigint[]) =>
  ids.map((id) => `${BigInt.asUintN(128, id)}::UHUGEINT`).join(', ');

function rowOf(row: Record<string, DuckDBValue>): SpanRow {
  return {
    traceId: row.trace_id as bigint,
    spanId: row.span_id as bigint,
    parentSpanId: (row.parent_span_id as bigint | null) ?? null,
    traceState: (row.trace_state as string | null) ?? '',
    flags: Number(row.flags ?? 0),
    service: (row.service as string | null) ?? '',
    name: (row.name as string | null) ?? '',
    kind: Number(row.kind ?? 0),
    startNs: (row.start_ns as bigint | null) ?? 0n,
    endNs: (row.end_ns as bigint | null) ?? 0n,
    durationNs: (row.duration_ns as bigint | null) ?? 0n,
    statusCode: Number(row.status_code ?? 0),
    statusMessage: (row.status_message as string | null) ?? '',
    attributes: storedKeyValuesJson((row.attributes as string | null) ?? '{}'),
    events: storedEventsJson((row.events as string | null) ?? '[]', (row.start_ns as bigint) ?? 0n),
    links: (row.links as string | null) ?? '[]',
    resource: (row.resource as string | null) ?? '{}',
    scope: (row.scope as string | null) ?? '{}',
    droppedAttributes: Number(row.dropped_attributes ?? 0),
    droppedEvents: Number(row.dropped_events ?? 0),
    droppedLinks: Number(row.dropped_links ?? 0),
  };
}

/** The SQL behind the Jaeger API: services, operations, trace search and trace fetch. */
export function createTraceReader(connection: DuckDBConnection) {
  async function rowsOf(sql: string, values: DuckDBValue[] = []) {
    return (await connection.runAndReadAll(sql, values)).getRowObjects();
  }

  async function holdingIds(key: string, value: string): Promise<HoldingIds> {
    const ids = async (table: string) => {
      const params = new SqlParams();
      const match = storedMatch(['body'], BODY_KEY_VALUES, key, value, params);
      const rows = await rowsOf(`SELECT id FROM ${table} WHERE ${match}`, params.values);
      return rows.map((row) => Number(row.id));
    };
    return { resources: await ids('resources'), scopes: await ids('scopes') };
  }

  /** Up to `rows` matching spans, newest first (ties by trace id, as the trace order has it). */
  async function newestSpans(where: string[], params: SqlParams, rows: number) {
    return await rowsOf(
      `SELECT trace_id FROM spans WHERE ${where.join(' AND ')}
       ORDER BY start_ns DESC, trace_id LIMIT ${rows}`,
      params.values,
    );
  }

  return {
    async services(): Promise<string[]> {
      const result = await rowsOf(
        'SELECT DISTINCT service FROM spans WHERE service IS NOT NULL ORDER BY service',
      );
      return result.map((row) => row.service as string);
    },

    /** Operations of a service; `kind` narrows to one OTLP kind number. */
    async operations(service: string, kind?: number): Promise<Operation[]> {
      const params = new SqlParams();
      const where = [`service = ${params.add(service)}`];
      if (kind !== undefined) where.push(`kind = ${params.add(kind)}`);
      const result = await rowsOf(
        `SELECT DISTINCT name, kind FROM spans WHERE ${where.join(' AND ')} ORDER BY name, kind`,
        params.values,
      );
      return result.map((row) => ({ name: row.name as string, kind: Number(row.kind) }));
    },

    /** Ids of the traces with a span that matches everything, newest first. */
    async findTraceIds(search: TraceSearch): Promise<bigint[]> {
      const params = new SqlParams();
      const where = [
        `service = ${params.add(search.service)}`,
        `start_ns >= ${params.add(int64(search.startMinNs))}`,
        `start_ns <= ${params.add(int64(search.startMaxNs))}`,
      ];
      if (search.operation !== '') where.push(`name = ${params.add(search.operation)}`);
      if (search.durationMinNs > 0n) {
        where.push(`duration_ns >= ${params.add(int64(search.durationMinNs))}`);
      }
      if (search.durationMaxNs > 0n) {
        where.push(`duration_ns <= ${params.add(int64(search.durationMaxNs))}`);
      }
      for (const [key, value] of search.tags) {
        where.push(tagCondition(key, value, await holdingIds(key, value), params));
      }
      // The newest traces are those whose newest matching span is newest: read matching spans
      // newest first and keep each trace's first appearance. A top-N scan, unlike grouping every
      // matching trace, costs the same at 1M spans as at 1k; it widens until it has enough.
      for (let rows = search.limit * 8; ; rows *= 4) {
        const result = await newestSpans(where, params, rows);
        const ids: bigint[] = [];
        const seen = new Set<bigint>();
        for (const row of result) {
          const id = row.trace_id as bigint;
          if (seen.has(id)) continue;
          seen.add(id);
          ids.push(id);
          if (ids.length === search.limit) return ids;
        }
        if (result.length < rows) return ids;
      }
    },

    /**
     * Every stored span of these traces, in the order they were stored. The two-phase rowid
     * fetch reads only the matching row groups (notes/duckdb-span-ingest.md, §6).
     */
    async readTraces(ids: bigint[]): Promise<SpanRow[]> {
      if (ids.length === 0) return [];
      const result = await rowsOf(
        `SELECT ${SPAN_COLUMNS} FROM ${SPAN_JOINS} WHERE s.rowid IN
           (SELECT rowid FROM spans WHERE trace_id IN (${idList(ids)}))
         ORDER BY s.rowid`,
      );
      return result.map(rowOf);
    },

    /** Service-to-service calls with both spans starting within [startNs, endNs]. */
    async dependencies(startNs: bigint, endNs: bigint): Promise<DependencyLink[]> {
      const links = await readServiceCalls(connection, startNs, endNs);
      return links.map(({ parent, child, calls }) => ({ parent, child, callCount: calls }));
    },
  };
}

export type TraceReader = ReturnType<typeof createTraceReader>;
