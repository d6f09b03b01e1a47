import { DuckDBConnection, type DuckDBListValue, type DuckDBValue } from '@duckdb/node-api';
import { jsonPointer } from '../../storage/compact-attributes.js';
import { type ReaderPool, singleReader } from '../../storage/reader-pool.js';
import {
  ANY_VALUE_TEXT,
  compactAttributeText,
  SPAN_KIND_NUMBERS,
} from '../../storage/stored-sql.js';
import { searchHashes } from '../../storage/tag-hashes.js';
import { EventLoopSlices } from '../event-loop-slices.js';
import { readServiceCalls } from '../service-calls.js';
import { int64, SqlParams } from '../sql-params.js';
import type { TraceSearch } from './search-params.js';
import { readSpanRows, type SpanRow, type SpanSelection } from './span-rows.js';

export type { SpanRow };

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

/** `column IN (ids)`, or nothing for no ids; the ids are numbers read from the store. */
function idIn(column: string, ids: number[]): string[] {
  return ids.length === 0 ? [] : [`${column} IN (${ids.map((id) => Math.trunc(id)).join(', ')})`];
}

/**
 * The exact matches that read small columns only: the resources and scopes holding the
 * key/value (few: their ids are found first, so the span scan compares integers), and the span
 * fields a derived tag compares. Both the candidates and the exact comparison include them.
 */
function fieldMatches(key: string, value: string, holders: HoldingIds, params: SqlParams) {
  const derived = DERIVED_TAGS.get(key)?.(value, () => params.add(value));
  return [
    ...idIn('resource_id', holders.resources),
    ...idIn('scope_id', holders.scopes),
    ...(derived ? [`(${derived})`] : []),
  ];
}

/** The spans that hold a key/value, exactly: their stored JSON compared. */
function tagCondition(key: string, value: string, fields: string[], params: SqlParams): string {
  const promoted = PROMOTED_COLUMNS.get(key);
  const own = promoted ? `${promoted} = ${params.add(value)}` : compactMatch(key, value, params);
  // nested_keys lists the keys of a span's event and link attributes: a small column to rule
  // out nearly every span before the event and link JSON is read.
  const inEvents = compactMatch(key, value, params, 'events');
  const inLinks = storedMatch(['links'], LINK_KEY_VALUES, key, value, params);
  const nested = `(contains(nested_keys, ${params.add(`|${key}|`)}) AND (${inEvents} OR ${inLinks}))`;
  return `(${[own, nested, ...fields].join(' OR ')})`;
}

/**
 * A superset of tagCondition's spans read from small columns only: the span's tag index
 * (storage/tag-hashes.ts; spans stored before it have none and are all candidates), the
 * promoted column, and the field matches.
 */
function tagCandidates(key: string, value: string, fields: string[], params: SqlParams) {
  const promoted = PROMOTED_COLUMNS.get(key);
  return `(${[
    'tag_hashes IS NULL',
    // Hashes are unsigned 32-bit integers computed here, never request text.
    ...searchHashes(key, value).map((hash) => `list_contains(tag_hashes, ${hash >>> 0}::UINTEGER)`),
    ...(promoted ? [`${promoted} = ${params.add(value)}`] : []),
    ...fields,
  ].join(' OR ')})`;
}

/** Decimal UHUGEINT literals from ids already parsed, never from request text. */
const idList = (ids: readonly bigint[]) =>
  ids.map((id) => `${BigInt.asUintN(128, id)}::UHUGEINT`).join(', ');

/**
 * The most candidate spans a tag search reads whole into memory to compare: past it (spans
 * stored before the tag index, or a tag that thousands of spans of few traces hold), the
 * comparison runs in the scan itself, slower but in bounded memory.
 */
export const CANDIDATES_READ_MAX = 20_000;

/**
 * The SQL behind the Jaeger APIs: services, operations, trace search, span counts and the spans
 * of traces, streamed. Every read borrows a connection of `readers` (a streamed read needs one of
 * its own until it ends); a single connection is used by one read at a time.
 */
export function createTraceReader(
  readers: ReaderPool | DuckDBConnection,
  candidatesReadMax = CANDIDATES_READ_MAX,
) {
  const pool = readers instanceof DuckDBConnection ? singleReader(readers) : readers;

  async function rowsOf(sql: string, values: DuckDBValue[] = []) {
    return (await pool.use((c) => c.runAndReadAll(sql, values))).getRowObjects();
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

  /**
   * The traces among the newest `rows` matching spans, newest first (by their newest span, ties
   * by trace id), at most `limit`; and whether those rows were all the matching spans. With
   * `exact` conditions, `where` finds candidates (a superset) in small columns, and only the
   * newest `rows` of them are read whole and compared: the wide JSON columns of the other spans
   * are never read.
   */
  async function newestTraces(
    where: string[],
    exact: string[],
    params: SqlParams,
    rows: number,
    limit: number,
  ) {
    const newest =
      exact.length === 0
        ? `newest AS (SELECT trace_id, start_ns FROM spans WHERE ${where.join(' AND ')}
             ORDER BY start_ns DESC, trace_id LIMIT ${rows}), scanned AS (SELECT * FROM newest)`
        : `scanned AS (SELECT rowid AS r FROM spans WHERE ${where.join(' AND ')}
             ORDER BY start_ns DESC, trace_id LIMIT ${rows}),
           candidates AS MATERIALIZED (SELECT * FROM spans
             WHERE rowid IN (SELECT r FROM scanned)),
           newest AS (SELECT trace_id, start_ns FROM candidates WHERE ${exact.join(' AND ')})`;
    const [result] = await rowsOf(
      `WITH ${newest},
         traces AS (SELECT trace_id, max(start_ns) AS last FROM newest GROUP BY trace_id
           ORDER BY last DESC, trace_id LIMIT ${limit})
       SELECT (SELECT count(*) FROM scanned) AS scanned,
         (SELECT list(trace_id ORDER BY last DESC, trace_id) FROM traces) AS ids`,
      params.values,
    );
    const ids = ((result?.ids as DuckDBListValue | null)?.items ?? []) as bigint[];
    return { ids, exhausted: Number(result?.scanned ?? 0) < rows };
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
      const exact: string[] = [];
      for (const [key, value] of search.tags) {
        const fields = fieldMatches(key, value, await holdingIds(key, value), params);
        where.push(tagCandidates(key, value, fields, params));
        exact.push(tagCondition(key, value, fields, params));
      }
      // The newest traces are those whose newest matching span is newest: a top-N scan of the
      // matching spans, newest first, unlike grouping every matching trace, costs the same at 1M
      // spans as at 1k; it widens until it holds enough traces. DuckDB keeps each trace once,
      // so no more than `limit` ids come out of it.
      for (let rows = search.limit * 8; ; rows *= 4) {
        const inScan = rows > candidatesReadMax;
        const { ids, exhausted } = inScan
          ? await newestTraces([...where, ...exact], [], params, rows, search.limit)
          : await newestTraces(where, exact, params, rows, search.limit);
        if (ids.length === search.limit || exhausted) return ids;
      }
    },

    /** How many spans each of these traces has stored; traces with none are left out. */
    async countSpans(ids: readonly bigint[]): Promise<Map<bigint, number>> {
      if (ids.length === 0) return new Map();
      const rows = await rowsOf(
        `SELECT trace_id, count(*) AS spans FROM spans WHERE trace_id IN (${idList(ids)})
         GROUP BY trace_id`,
      );
      return new Map(rows.map((row) => [row.trace_id as bigint, Number(row.spans)]));
    },

    /**
     * Streams the spans `selection` names to `onRow`, a slice of work at a time (span-rows.ts),
     * on a connection of its own until the last row.
     */
    streamSpans(
      selection: SpanSelection,
      onRow: (row: SpanRow) => void,
      slices = new EventLoopSlices(),
    ): Promise<void> {
      return pool.use((connection) => readSpanRows(connection, selection, onRow, slices));
    },

    /** Every stored span of these traces, copies too, in stored order: for small reads. */
    async readTraces(ids: bigint[]): Promise<SpanRow[]> {
      const rows: SpanRow[] = [];
      const selection = { ids, copies: true };
      await pool.use((c) =>
        readSpanRows(c, selection, (row) => rows.push(row), new EventLoopSlices()),
      );
      return rows;
    },

    /** Service-to-service calls with both spans starting within [startNs, endNs]. */
    async dependencies(startNs: bigint, endNs: bigint): Promise<DependencyLink[]> {
      const links = await pool.use((c) => readServiceCalls(c, startNs, endNs));
      return links.map(({ parent, child, calls }) => ({ parent, child, callCount: calls }));
    },
  };
}

export type TraceReader = ReturnType<typeof createTraceReader>;
