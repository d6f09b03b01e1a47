import type { DuckDBConnection } from '@duckdb/node-api';
import { compactEventsFromOtlpJson, compactFromOtlpJson } from './compact-attributes.js';
import { assignLogSources } from './log-sources.js';

/** Bump with a migration below whenever a table changes. */
export const SCHEMA_VERSION = 9;

/** A data directory this backend cannot read; the message says what to do. */
export class StorageVersionError extends Error {
  override name = 'StorageVersionError';
}

/**
 * Spans keep every OTLP field. The attributes people search on (http method, route and status
 * code, and the service) are promoted to columns: scanning JSON is what makes searches slow
 * (../shared/notes/duckdb-span-ingest.md). Ids are integers, times nanoseconds.
 *
 * Version 1 as it was created; later versions migrate from it (MIGRATIONS).
 */
export const CREATE_V1 = [
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
  `INSERT INTO schema_info VALUES (1)`,
];

/**
 * Each step takes the schema from version `index + 1` to `index + 2`, inside the transaction that
 * records the new version.
 */
type Step = string | ((connection: DuckDBConnection) => Promise<void>);

/** Rows converted per read while migrating span attributes. */
const CONVERT_BATCH = 50_000;

/** Span attributes and events from v1's OTLP/JSON into v2's compact form, in a side table. */
async function convertSpanAttributes(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    'CREATE TABLE span_attributes_v2 (rid BIGINT, attributes VARCHAR, events VARCHAR)',
  );
  const [last] = (
    await connection.runAndReadAll('SELECT coalesce(max(rowid), -1) AS last FROM spans')
  ).getRowObjects();
  const lastRow = Number(last?.last ?? -1);
  for (let from = 0; from <= lastRow; from += CONVERT_BATCH) {
    const rows = (
      await connection.runAndReadAll(
        `SELECT rowid AS rid, attributes::VARCHAR AS attributes, events::VARCHAR AS events,
           start_ns FROM spans
         WHERE rowid >= ${from} AND rowid < ${from + CONVERT_BATCH}`,
      )
    ).getRowObjects();
    const appender = await connection.createAppender('span_attributes_v2');
    for (const row of rows) {
      appender.appendBigInt(BigInt(row.rid as bigint));
      appender.appendVarchar(compactFromOtlpJson(String(row.attributes ?? '[]')));
      appender.appendVarchar(
        compactEventsFromOtlpJson(
          String(row.events ?? '[]'),
          BigInt((row.start_ns as bigint) ?? 0n),
        ),
      );
      appender.endRow();
    }
    appender.closeSync();
  }
}

const MIGRATIONS: Step[][] = [
  // 2: a span's resource and scope are rows of their own tables, referenced by id. They were
  // ~640 bytes of identical JSON per span, written to the log and compressed on every commit,
  // and scanned by every tag search. nested_keys, `|key|key|` of the span's event and link
  // attributes ('' for none), lets a tag search skip the event and link JSON of other spans.
  // Span attributes and events take the compact form (compact-attributes.ts): half the bytes;
  // end_ns is kept only where it is not start_ns + duration_ns (an end before the start).
  [
    `CREATE TABLE resources AS
       SELECT (row_number() OVER ())::UINTEGER AS id, body::JSON AS body
       FROM (SELECT DISTINCT resource::VARCHAR AS body FROM spans WHERE resource IS NOT NULL)`,
    `CREATE TABLE scopes AS
       SELECT (row_number() OVER ())::UINTEGER AS id, body::JSON AS body
       FROM (SELECT DISTINCT scope::VARCHAR AS body FROM spans WHERE scope IS NOT NULL)`,
    convertSpanAttributes,
    // A new table in the old row order (time order, which the zone maps prune by).
    `CREATE TABLE spans_v2 AS
       SELECT s.* EXCLUDE (resource, scope) REPLACE (
           a.attributes::JSON AS attributes, a.events::JSON AS events,
           CASE WHEN s.end_ns >= s.start_ns THEN NULL ELSE s.end_ns END AS end_ns),
         r.id AS resource_id, c.id AS scope_id,
         CASE WHEN len(k.keys) = 0 THEN '' ELSE '|' || array_to_string(k.keys, '|') || '|' END
           AS nested_keys
       FROM spans s
       CROSS JOIN LATERAL (SELECT list_distinct(list_concat(
         coalesce(json_extract_string(s.events, '$[*].attributes[*].key'), []),
         coalesce(json_extract_string(s.links, '$[*].attributes[*].key'), []))) AS keys) k
       LEFT JOIN span_attributes_v2 a ON a.rid = s.rowid
       LEFT JOIN resources r ON r.body::VARCHAR = s.resource::VARCHAR
       LEFT JOIN scopes c ON c.body::VARCHAR = s.scope::VARCHAR
       ORDER BY s.rowid`,
    `DROP TABLE spans`,
    `DROP TABLE span_attributes_v2`,
    `ALTER TABLE spans_v2 RENAME TO spans`,
  ],
  // 3: metrics in Prometheus's shape. A series is its sorted label set, stored once as JSON text
  // and referenced by id, so a sample is 16 bytes of id, time and value before compression.
  // Times are milliseconds, as PromQL counts them. Ids are unique by construction (the writer
  // interns series in memory); no index, which would slow every append.
  [
    `CREATE TABLE series (id UINTEGER NOT NULL, metric VARCHAR NOT NULL, labels JSON NOT NULL)`,
    `CREATE TABLE samples (series_id UINTEGER NOT NULL, t_ms BIGINT NOT NULL, value DOUBLE)`,
    `CREATE TABLE exemplars (
       series_id UINTEGER NOT NULL, t_ms BIGINT NOT NULL, value DOUBLE, labels JSON NOT NULL)`,
    `CREATE TABLE metric_metadata (
       metric VARCHAR PRIMARY KEY, type VARCHAR NOT NULL, help VARCHAR NOT NULL,
       unit VARCHAR NOT NULL)`,
  ],
  // 4: each log record gets `seq`, unique and increasing in the order records are stored (the
  // writer counts on from the largest). Paging and the live tail order by (time, seq), so records
  // that share a time are neither dropped nor repeated; DuckDB's rowid would not do, as it changes
  // when a checkpoint compacts the row groups retention has thinned. Existing rows are numbered
  // in their stored order.
  [`ALTER TABLE logs ADD COLUMN seq BIGINT`, `UPDATE logs SET seq = rowid + 1`],
  // 5: each log record references its (resource, scope) pair in `log_sources`. A LogQL stream
  // selector is matched against the streams of these few rows (loki-model/stream-labels.ts),
  // then records are read by source_id, and their resource and scope metadata comes from here
  // (log-sources.ts).
  [
    `ALTER TABLE logs ADD COLUMN source_id UINTEGER`,
    `CREATE TABLE log_sources (
       id UINTEGER NOT NULL, resource JSON, scope JSON)`,
    assignLogSources,
  ],
  // 6: each record's detected_level, computed when stored (storage/ingest-level.ts), so counting
  // by level reads this column, not every record's attributes and body. Records stored before
  // have none (NULL); readers derive theirs as before.
  [`ALTER TABLE logs ADD COLUMN detected_level VARCHAR`],
  // 7: a record's resource and scope are read from its `log_sources` row (version 5) only: the
  // copies on every record cost ingest time (WAL, compression) and nothing read them but two
  // readers, which now join.
  [`ALTER TABLE logs DROP COLUMN resource`, `ALTER TABLE logs DROP COLUMN scope`],
  // 8: native-histogram samples (OTLP exponential histograms), one row each, in a table of their
  // own beside the float `samples` of the same series ids. The histogram is a BLOB in this
  // store's compact encoding (histogram-codec.ts): about a byte per bucket, not JSON text.
  [
    `CREATE TABLE histogram_samples (
       series_id UINTEGER NOT NULL, t_ms BIGINT NOT NULL, histogram BLOB NOT NULL)`,
  ],
  // 9: each span's tag index, a hash of every key/value of its attributes and its events' and
  // links' (tag-hashes.ts): a tag search reads this column, then the JSON of the spans it names.
  // Spans stored before have none (NULL) and are compared by their JSON, as before.
  [`ALTER TABLE spans ADD COLUMN tag_hashes UINTEGER[]`],
];

/** Creates the schema in a new data directory, or checks the version of an existing one. */
export async function ensureSchema(connection: DuckDBConnection): Promise<void> {
  const tables = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'schema_info'`,
  );
  if (Number(tables.getRowObjects()[0]?.n) === 0) {
    await inTransaction(connection, CREATE_V1);
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
  for (let from = version; from < SCHEMA_VERSION; from++) {
    const steps = MIGRATIONS[from - 1] ?? [];
    await inTransaction(connection, [...steps, `UPDATE schema_info SET version = ${from + 1}`]);
  }
}

async function inTransaction(connection: DuckDBConnection, steps: Step[]): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const step of steps) {
      if (typeof step === 'string') await connection.run(step);
      else await step(connection);
    }
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
