import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * For tests that turn a current data directory back into an older version's: gives every log
 * record the copies of its resource and scope that versions before 7 kept on it, from its
 * log_sources row (run before dropping log_sources).
 */
export async function restoreLogSourceCopies(connection: DuckDBConnection): Promise<void> {
  await connection.run('ALTER TABLE logs ADD COLUMN resource JSON');
  await connection.run('ALTER TABLE logs ADD COLUMN scope JSON');
  await connection.run(
    `UPDATE logs SET resource = s.resource, scope = s.scope
       FROM log_sources s WHERE s.id = logs.source_id`,
  );
}

/** For tests that turn a current data directory back into a version before 8's: no histograms. */
export async function dropHistogramSamples(connection: DuckDBConnection): Promise<void> {
  await connection.run('DROP TABLE histogram_samples');
}

/** For tests that turn a current data directory back into a version before 9's: no tag index. */
export async function dropTagHashes(connection: DuckDBConnection): Promise<void> {
  await connection.run('ALTER TABLE spans DROP COLUMN tag_hashes');
}
