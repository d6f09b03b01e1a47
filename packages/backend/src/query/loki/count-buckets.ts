/**
 * LogStorage.countBuckets over DuckDB: entries of a selection without line filters counted per
 * (source, bucket) in SQL, and per (source, stored detected_level, bucket) when the projection
 * asks for the level. Records stored before schema version 6 have no stored level: they are
 * counted per (source, severity, bucket), and the few whose level needs their attributes or line
 * (projected-rows.ts) are read and leveled one by one, as the plain read does. Sources of one stream stay apart here;
 * the engine sums what has the same labels.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { BucketCount, BucketSelection } from '@otel-lab/logql';
import type { Labels } from '@otel-lab/promql';
import { LOG_TIME } from '../../storage/stored-sql.js';
import { int64, SqlParams } from '../sql-params.js';
import { inRange } from './log-range-sql.js';
import { LEVEL_NEEDS_ROW, levelLabels, lightColumns, lightRead } from './projected-rows.js';
import type { SourceIndex } from './source-index.js';

const NO_METADATA: Labels = [];

export async function countBuckets(
  connection: DuckDBConnection,
  sources: SourceIndex,
  selection: BucketSelection,
): Promise<BucketCount[] | undefined> {
  if (selection.lineFilters.length > 0) return undefined;
  const chosen = await sources.matching(selection.matchers);
  if (chosen.length === 0 || selection.endNs <= selection.startNs) return [];
  const read = lightRead(selection.projection, chosen);
  if (!read) return undefined;
  const { originNs, widthNs } = selection;
  const inSources = `source_id IN (${chosen.map((s) => s.id).join(',')})`;
  const levelOf = levelLabels(sources);
  const counts = new Map<
    string,
    { labels: Labels; metadata: Labels; bucket: number; count: number }
  >();
  const add = (sourceId: number, metadata: Labels | undefined, bucket: number, count: number) => {
    const source = sources.get(sourceId);
    if (!source || bucket < 1 || bucket > selection.buckets) return;
    const level = metadata?.[0]?.value ?? '';
    const key = `${sourceId}\u0000${level}\u0000${bucket}`;
    const held = counts.get(key);
    if (held) held.count += count;
    else
      counts.set(key, { labels: source.labels, metadata: metadata ?? NO_METADATA, bucket, count });
  };

  const params = new SqlParams();
  const origin = params.add(int64(originNs));
  const width = params.add(int64(widthNs));
  const bucket = `((${LOG_TIME} - ${origin} + ${width} - 1) // ${width})::BIGINT AS bucket`;
  const from = (conditions: string[]) =>
    inRange(params, selection.startNs, selection.endNs, [inSources, ...conditions]);
  const sql =
    read === 'bare'
      ? `SELECT source_id, NULL AS level, NULL AS severity_number, NULL AS severity_text, ${bucket},
           count(*)::BIGINT AS n FROM ${from([])} GROUP BY ALL`
      : // Stored levels (schema version 6), then older records by (source, severity).
        `SELECT source_id, detected_level AS level, NULL AS severity_number,
           NULL AS severity_text, ${bucket}, count(*)::BIGINT AS n
           FROM ${from(['detected_level IS NOT NULL'])} GROUP BY ALL
         UNION ALL
         SELECT source_id, NULL AS level, severity_number, severity_text, ${bucket},
           count(*)::BIGINT AS n
           FROM ${from(['detected_level IS NULL', `NOT ${LEVEL_NEEDS_ROW}`])} GROUP BY ALL`;
  const g = (await connection.runAndReadAll(sql, params.values)).getColumnsObject();
  selection.signal?.throwIfAborted();
  for (let i = 0; i < (g.n?.length ?? 0); i++) {
    const id = Number(g.source_id?.[i]);
    const metadata =
      read === 'level'
        ? levelOf(id, g.severity_number?.[i], g.severity_text?.[i], null, null, null, g.level?.[i])
        : NO_METADATA;
    add(id, metadata, Number(g.bucket?.[i]), Number(g.n?.[i]));
  }

  if (read === 'level') {
    const rowParams = new SqlParams();
    const rows = (
      await connection.runAndReadAll(
        `SELECT ${lightColumns('level')}
           FROM ${inRange(rowParams, selection.startNs, selection.endNs, [
             inSources,
             'detected_level IS NULL',
             LEVEL_NEEDS_ROW,
           ])}`,
        rowParams.values,
      )
    ).getColumnsObject();
    selection.signal?.throwIfAborted();
    for (let i = 0; i < (rows.t?.length ?? 0); i++) {
      const id = Number(rows.source_id?.[i]);
      const t = BigInt(rows.t?.[i] as bigint);
      const bucket = Number((t - originNs + widthNs - 1n) / widthNs);
      const metadata = levelOf(
        id,
        rows.severity_number?.[i],
        rows.severity_text?.[i],
        rows.attributes?.[i],
        rows.line?.[i],
        rows.string_body?.[i],
      );
      add(id, metadata, bucket, 1);
    }
  }
  return [...counts.values()];
}
