import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { ANY_VALUE_TEXT, SPAN_KIND_NUMBERS } from '../../storage/stored-sql.js';
import { SqlParams } from '../sql-params.js';
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

const SPAN_COLUMNS = `trace_id, span_id, parent_span_id, trace_state, flags, service, name, kind,
  start_ns, end_ns, duration_ns, status_code, status_message, attributes::VARCHAR AS attributes,
  events::VARCHAR AS events, links::VARCHAR AS links, resource::VARCHAR AS resource,
  scope::VARCHAR AS scope, dropped_attributes, dropped_events, dropped_links`;

/** Every key/value a span carries: its own, its events', its links', its resource's and scope's. */
const ALL_KEY_VALUES = `list_concat(json_extract(attributes, '$[*]'),
  json_extract(events, '$[*].attributes[*]'), json_extract(links, '$[*].attributes[*]'),
  json_extract(resource, '$.attributes[*]'), json_extract(scope, '$.attributes[*]'))`;

/**
 * Tags Jaeger's OTLP translator derives from span fields, so a search for error=true or
 * span.kind=server finds them as Jaeger does. Each returns SQL using parameter `$n`.
 */
const DERIVED_TAGS: Record<string, (value: string, n: number) => string | undefined> = {
  error: (value) => (value === 'true' ? 'status_code = 2' : undefined),
  'span.kind': (value) =>
    value === 'unspecified' || SPAN_KIND_NUMBERS[value] === undefined
      ? undefined
      : `kind = ${SPAN_KIND_NUMBERS[value]}`,
  'otel.status_code': (value) =>
    value === 'OK' ? 'status_code = 1' : value === 'ERROR' ? 'status_code = 2' : undefined,
  'otel.status_description': (_value, n) => `status_message = $${n}`,
  'otel.scope.name': (_value, n) => `scope->>'name' = $${n}`,
  'otel.scope.version': (_value, n) => `scope->>'version' = $${n}`,
  'w3c.tracestate': (_value, n) => `trace_state = $${n}`,
};

/** Parameters bound by position; strings from requests never reach the SQL text. */

/**
 * A cheap text pre-filter before the exact JSON match: the stored text holds the value as
 * JSON.stringify escaped it (append-rows.ts writes it so), and a substring scan skips the JSON
 * parsing of every other span (3× faster over 333k candidate spans when the value is selective).
 */
const JSON_COLUMNS = ['attributes', 'events', 'links', 'resource', 'scope'];

function tagCondition(key: string, value: string, params: SqlParams): string {
  const keyParam = params.add(key);
  const valueParam = params.add(value);
  const needle = params.add(JSON.stringify(value).slice(1, -1));
  const derived = DERIVED_TAGS[key]?.(value, Number(valueParam.slice(1)));
  const text = JSON_COLUMNS.map((column) => `contains(${column}::VARCHAR, ${needle})`).join(' OR ');
  const stored = `((${text}) AND EXISTS (SELECT 1 FROM (SELECT unnest(${ALL_KEY_VALUES}) AS kv)
    WHERE kv->>'key' = ${keyParam} AND ${ANY_VALUE_TEXT} = ${valueParam}))`;
  return derived ? `(${stored} OR (${derived}))` : stored;
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
    attributes: (row.attributes as string | null) ?? '[]',
    events: (row.events as string | null) ?? '[]',
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
  async function rows(sql: string, values: DuckDBValue[] = []) {
    return (await connection.runAndReadAll(sql, values)).getRowObjects();
  }

  return {
    async services(): Promise<string[]> {
      const result = await rows(
        'SELECT DISTINCT service FROM spans WHERE service IS NOT NULL ORDER BY service',
      );
      return result.map((row) => row.service as string);
    },

    /** Operations of a service; `kind` narrows to one OTLP kind number. */
    async operations(service: string, kind?: number): Promise<Operation[]> {
      const params = new SqlParams();
      const where = [`service = ${params.add(service)}`];
      if (kind !== undefined) where.push(`kind = ${params.add(kind)}`);
      const result = await rows(
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
        `start_ns >= ${params.add(search.startMinNs)}`,
        `start_ns <= ${params.add(search.startMaxNs)}`,
      ];
      if (search.operation !== '') where.push(`name = ${params.add(search.operation)}`);
      if (search.durationMinNs > 0n) {
        where.push(`duration_ns >= ${params.add(search.durationMinNs)}`);
      }
      if (search.durationMaxNs > 0n) {
        where.push(`duration_ns <= ${params.add(search.durationMaxNs)}`);
      }
      for (const [key, value] of search.tags) where.push(tagCondition(key, value, params));
      const result = await rows(
        `SELECT trace_id FROM spans WHERE ${where.join(' AND ')}
         GROUP BY trace_id ORDER BY max(start_ns) DESC, trace_id LIMIT ${search.limit}`,
        params.values,
      );
      return result.map((row) => row.trace_id as bigint);
    },

    /**
     * Every stored span of these traces, in the order they were stored. The two-phase rowid
     * fetch reads only the matching row groups (notes/duckdb-span-ingest.md, §6).
     */
    async readTraces(ids: bigint[]): Promise<SpanRow[]> {
      if (ids.length === 0) return [];
      const result = await rows(
        `SELECT ${SPAN_COLUMNS} FROM spans WHERE rowid IN
           (SELECT rowid FROM spans WHERE trace_id IN (${idList(ids)}))
         ORDER BY rowid`,
      );
      return result.map(rowOf);
    },

    /**
     * Service-to-service calls: one for each span whose parent span (same trace) belongs to
     * another service, both starting within [startNs, endNs]; by parent, then child.
     */
    async dependencies(startNs: bigint, endNs: bigint): Promise<DependencyLink[]> {
      const result = await rows(
        `WITH windowed AS (
           SELECT trace_id, span_id, parent_span_id, service FROM spans
           WHERE start_ns >= $1 AND start_ns <= $2)
         SELECT parent.service AS parent, child.service AS child, count(*)::BIGINT AS calls
         FROM windowed child JOIN windowed parent
           ON child.trace_id = parent.trace_id AND child.parent_span_id = parent.span_id
         WHERE child.service IS DISTINCT FROM parent.service
         GROUP BY parent.service, child.service ORDER BY parent.service, child.service`,
        [startNs, endNs],
      );
      return result.map((row) => ({
        parent: (row.parent as string | null) ?? '',
        child: (row.child as string | null) ?? '',
        callCount: Number(row.calls),
      }));
    },
  };
}

export type TraceReader = ReturnType<typeof createTraceReader>;
