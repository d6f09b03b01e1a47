import type { DuckDBConnection } from '@duckdb/node-api';
import { jsonPointer } from '../../storage/compact-attributes.js';
import { compactAttributeText } from '../../storage/stored-sql.js';
import { SqlParams } from '../sql-params.js';
import type { AttributeFilter, TraceSearch } from './trace-search.js';

/** One line of a trace search result. */
export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootName: string;
  /** Milliseconds since 1970, of the earliest span. */
  startTime: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
}

function filterCondition(filter: AttributeFilter, params: SqlParams): string {
  const pointer = params.add(jsonPointer(filter.key));
  const text = compactAttributeText('attributes', pointer);
  switch (filter.operator) {
    case 'exists':
      return `json_exists(attributes, ${pointer})`;
    case '=':
      return `${text} = ${params.add(String(filter.value))}`;
    case '!=':
      return `${text} <> ${params.add(String(filter.value))}`;
    default:
      return `TRY_CAST(${text} AS DOUBLE) ${filter.operator} ${params.add(Number(filter.value))}`;
  }
}

/** ORDER BY by `sort` (checked in trace-search.ts); a Map, as `sort` is request text. */
const ORDER: ReadonlyMap<TraceSearch['sort'], string> = new Map([
  ['time', 'start_ns DESC'],
  ['duration', 'duration_ns DESC'],
  ['spans', 'span_count DESC'],
]);

/**
 * Traces with at least one span that matches every span condition (service, operation,
 * attribute filters), summarised; errors-only and the duration range apply to whole traces.
 */
export async function searchTraceSummaries(
  connection: DuckDBConnection,
  search: TraceSearch,
): Promise<TraceSummary[]> {
  const params = new SqlParams();
  const where = [
    `start_ns >= ${params.add(search.startNs)}`,
    `start_ns <= ${params.add(search.endNs)}`,
  ];
  if (search.service) where.push(`service = ${params.add(search.service)}`);
  if (search.operation) where.push(`name = ${params.add(search.operation)}`);
  for (const filter of search.filters) where.push(filterCondition(filter, params));
  const having: string[] = [];
  if (search.errorsOnly) having.push('error_count > 0');
  if (search.minDurationNs !== undefined)
    having.push(`duration_ns >= ${params.add(search.minDurationNs)}`);
  if (search.maxDurationNs !== undefined)
    having.push(`duration_ns <= ${params.add(search.maxDurationNs)}`);
  const rows = (
    await connection.runAndReadAll(
      `WITH matched AS (SELECT DISTINCT trace_id FROM spans WHERE ${where.join(' AND ')}),
       summaries AS (
         SELECT trace_id,
                count(*)::INTEGER AS span_count,
                count(*) FILTER (WHERE status_code = 2)::INTEGER AS error_count,
                min(start_ns) AS start_ns,
                max(coalesce(end_ns, start_ns + duration_ns)) - min(start_ns) AS duration_ns,
                list_sort(list_distinct(list(service))) AS services,
                first(service ORDER BY parent_span_id IS NOT NULL, start_ns) AS root_service,
                first(name ORDER BY parent_span_id IS NOT NULL, start_ns) AS root_name
           FROM spans WHERE trace_id IN (SELECT trace_id FROM matched)
          GROUP BY trace_id)
       SELECT * FROM summaries ${having.length > 0 ? `WHERE ${having.join(' AND ')}` : ''}
        ORDER BY ${ORDER.get(search.sort) ?? 'start_ns DESC'}, trace_id
        LIMIT ${Math.trunc(search.limit)} OFFSET ${Math.trunc(search.offset)}`,
      params.values,
    )
  ).getRowObjects();
  return rows.map((row) => ({
    traceId: (row.trace_id as bigint).toString(16).padStart(32, '0'),
    rootService: String(row.root_service ?? ''),
    rootName: String(row.root_name ?? ''),
    startTime: Number((row.start_ns as bigint) / 1_000_000n),
    durationMs: Number(row.duration_ns as bigint) / 1e6,
    spanCount: Number(row.span_count),
    errorCount: Number(row.error_count),
    services: ((row.services as { items: unknown[] } | null)?.items ?? []).map(String),
  }));
}
