import type { DuckDBConnection } from '@duckdb/node-api';

/** Bump with a migration below whenever a table changes. */
export const SCHEMA_VERSION = 1;

/** A data directory this backend cannot read; the message says what to do. */
export class StorageVersionError extends Error {
  override name = 'StorageVersionError';
}

/**
 * Spans keep every OTLP field. The attributes people search on (http method, route and status
 * code, and the service) are promoted to columns: scanning JSON is what makes searches slow
 * (../shared/notes/duckdb-span-ingest.md). Ids are integers, times nanoseconds.
 */
const CREATE_V1 = [
  `CREATE TABLE schema_info (version INTEGER NOT NULL)`,
  `CREATE TABLE spans (
    trace_id UHUGEINT NOT NULL,
    span_id UBIGINT NOT NULL,
    parent_span_id UBIGINT,
    trace_state VARCHAR,
    flags UINTEGER,
    service VARCHAR,
    name VARCHAR,
    kind UTINYINT,
    start_ns BIGINT,
    end_ns BIGINT,
    duration_ns BIGINT,
    status_code UTINYINT,
    status_message VARCHAR,
    http_method VARCHAR,
    http_route VARCHAR,
    http_status_code USMALLINT,
    attributes JSON,
    dropped_attributes UINTEGER,
    events JSON,
    dropped_events UINTEGER,
    links JSON,
    dropped_links UINTEGER,
    resource JSON,
    scope JSON
  )`,
  `CREATE TABLE logs (
    time_ns BIGINT,
    observed_ns BIGINT,
    service VARCHAR,
    severity_number UTINYINT,
    severity_text VARCHAR,
    body JSON,
    attributes JSON,
    dropped_attributes UINTEGER,
    flags UINTEGER,
    trace_id UHUGEINT,
    span_id UBIGINT,
    event_name VARCHAR,
    resource JSON,
    scope JSON
  )`,
  // Metrics as received, one row per metric of a request; the metrics issue gives them
  // their Prometheus shape.
  `CREATE TABLE received_metrics (
    received_ns BIGINT,
    service VARCHAR,
    name VARCHAR,
    type VARCHAR,
    unit VARCHAR,
    description VARCHAR,
    points JSON,
    resource JSON,
    scope JSON
  )`,
  `INSERT INTO schema_info VALUES (${SCHEMA_VERSION})`,
];

/** Creates the schema in a new data directory, or checks the version of an existing one. */
export async function ensureSchema(connection: DuckDBConnection): Promise<void> {
  const tables = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'schema_info'`,
  );
  if (Number(tables.getRowObjects()[0]?.n) === 0) {
    await connection.run('BEGIN TRANSACTION');
    for (const statement of CREATE_V1) await connection.run(statement);
    await connection.run('COMMIT');
    return;
  }
  const rows = (
    await connection.runAndReadAll('SELECT max(version) AS v FROM schema_info')
  ).getRowObjects();
  const version = Number(rows[0]?.v);
  if (version > SCHEMA_VERSION) {
    throw new StorageVersionError(
      `the data directory holds schema version ${version}, written by a newer backend; this one reads up to ${SCHEMA_VERSION}. Upgrade otel-lab, or point --data-dir elsewhere`,
    );
  }
  // Migrations from older versions go here, one step per version, inside a transaction.
}
