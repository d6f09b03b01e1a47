import type { DuckDBConnection } from '@duckdb/node-api';
import { ANY_VALUE_TEXT, LOG_TIME } from '../../storage/stored-sql.js';
import { SqlParams } from '../sql-params.js';
import { cursorCondition, formatLogCursor } from './log-cursor.js';
import type { LogSearch } from './log-search.js';

/** A stored log record as the API returns it: OTLP/JSON values, hex ids, ns times as strings. */
export interface LogView {
  /** This record's place in the order (log-cursor.ts): `before` or `after` it. */
  cursor: string;
  time: string;
  observedTime: string;
  service: string;
  severityNumber: number;
  severityText: string;
  body: unknown;
  attributes: unknown;
  traceId: string;
  spanId: string;
  eventName: string;
  resource: unknown;
  scope: unknown;
}

function hexOf(value: unknown, digits: number): string {
  return typeof value === 'bigint' ? value.toString(16).padStart(digits, '0') : '';
}

export function createLogReader(connection: DuckDBConnection) {
  return {
    /** Matching records, newest first, at most `search.limit`. */
    async search(search: LogSearch): Promise<LogView[]> {
      const params = new SqlParams();
      const where = [
        `${LOG_TIME} >= ${params.add(search.startNs)}`,
        `${LOG_TIME} <= ${params.add(search.endNs)}`,
      ];
      const bind = (value: bigint) => params.add(value);
      if (search.before) where.push(cursorCondition(LOG_TIME, search.before, 'before', bind));
      if (search.after) where.push(cursorCondition(LOG_TIME, search.after, 'after', bind));
      if (search.service) where.push(`service = ${params.add(search.service)}`);
      if (search.minSeverity > 0)
        where.push(`severity_number >= ${params.add(search.minSeverity)}`);
      // The body is stored as JSON text, so the needle is matched in its JSON-escaped form.
      if (search.text) {
        where.push(
          `contains(lower(body::VARCHAR), ${params.add(JSON.stringify(search.text.toLowerCase()).slice(1, -1))})`,
        );
      }
      if (search.traceId) where.push(`trace_id = ${BigInt(`0x${search.traceId}`)}::UHUGEINT`);
      if (search.spanId) where.push(`span_id = ${BigInt(`0x${search.spanId}`)}::UBIGINT`);
      for (const [key, value] of search.attributes) {
        where.push(
          `len(list_filter(CAST(attributes AS JSON[]), lambda kv: (kv->>'key') = ${params.add(key)}
             AND ${ANY_VALUE_TEXT} = ${params.add(value)})) > 0`,
        );
      }
      const rows = (
        await connection.runAndReadAll(
          `SELECT page.*, src.resource, src.scope
             FROM (SELECT ${LOG_TIME} AS t, seq, observed_ns, service, severity_number,
                          severity_text, body, attributes, trace_id, span_id, event_name, source_id
                     FROM logs WHERE ${where.join(' AND ')}
                    ORDER BY t DESC, seq DESC LIMIT ${Math.trunc(search.limit)}) page
             LEFT JOIN log_sources src ON src.id = page.source_id
            ORDER BY t DESC, seq DESC`,
          params.values,
        )
      ).getRowObjects();
      return rows.map((row) => ({
        cursor: formatLogCursor(BigInt(row.t as bigint), BigInt((row.seq as bigint | null) ?? 0n)),
        time: String(row.t),
        observedTime: String(row.observed_ns ?? 0),
        service: String(row.service ?? ''),
        severityNumber: Number(row.severity_number ?? 0),
        severityText: String(row.severity_text ?? ''),
        body: JSON.parse(String(row.body ?? '{}')),
        attributes: JSON.parse(String(row.attributes ?? '[]')),
        traceId: hexOf(row.trace_id, 32),
        spanId: hexOf(row.span_id, 16),
        eventName: String(row.event_name ?? ''),
        resource: JSON.parse(String(row.resource ?? '{}')),
        scope: JSON.parse(String(row.scope ?? '{}')),
      }));
    },
  };
}

export type LogReader = ReturnType<typeof createLogReader>;
