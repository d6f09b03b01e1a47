/**
 * The LogQL engine's storage over DuckDB. A selection's stream matchers pick log sources in
 * memory (source-index.ts); records are then read by source id, time range and the line filters
 * that SQL can apply (line-filter-sql.ts), in the selection's direction, a batch at a time.
 *
 * Batches are keyset pages of (time, seq) inside a time window: each query reads only its
 * window, which widens while it holds few records and narrows when it holds many, so a sparse
 * match over a long range takes a few queries and a dense one never re-reads the whole range.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { BucketSelection, LogEntry, LogSelection, LogStorage } from '@otel-lab/logql';
import { compareLabels, type LabelMatcher, type Labels } from '@otel-lab/promql';
import { LOG_TIME } from '../../storage/stored-sql.js';
import { SqlParams } from '../sql-params.js';
import { countBuckets } from './count-buckets.js';
import { lineFiltersSql } from './line-filter-sql.js';
import { inRange } from './log-range-sql.js';
import { ENTRY_COLUMNS, entriesOf } from './log-rows.js';
import { lightColumns, lightRead, lightReader } from './projected-rows.js';
import { createSourceIndex, type IndexedSource } from './source-index.js';

/** Records per batch: small first (a `limit 100` query needs one), larger as the reader goes on. */
const FIRST_BATCH = 256;
const MAX_BATCH = 16_384;
/** The first window: a minute of records. */
const FIRST_WINDOW_NS = 60_000_000_000n;
const MIN_WINDOW_NS = 1_000_000n;

export interface IndexStats {
  streams: number;
  chunks: number;
  entries: number;
  bytes: number;
}

const larger = (a: bigint, b: bigint) => (a > b ? a : b);
const smaller = (a: bigint, b: bigint) => (a < b ? a : b);

const idList = (sources: readonly IndexedSource[]) => sources.map((s) => s.id).join(',');

/**
 * The window after one that held few records. Without a limit it is four times as wide; with one,
 * as wide as the records still wanted need at the density just seen (and a tenth more), from
 * once to 64 times as wide: a sparse line filter then reads about as far back as its last match,
 * in two queries, instead of windows growing past it. The factor is not rounded up to a whole
 * number: the scan costs what the window holds, and at 1M records a whole step was a third of it.
 */
function nextWindow(
  window: bigint,
  count: number,
  limit: number | undefined,
  read: number,
): bigint {
  if (limit === undefined || count === 0) return window * 4n;
  const wanted = Math.max(limit - read, 1);
  const factor = Math.min(64, Math.max(1, (wanted * 1.1) / count));
  return (window * BigInt(Math.round(factor * 1024))) / 1024n;
}

export function createDuckDbLogStorage(connection: DuckDBConnection) {
  const sources = createSourceIndex(connection);

  /** Distinct sources with records in [start, end) among `candidates`. */
  async function sourcesInRange(
    candidates: readonly IndexedSource[],
    startNs: bigint,
    endNs: bigint,
  ): Promise<IndexedSource[]> {
    if (candidates.length === 0 || endNs <= startNs) return [];
    const params = new SqlParams();
    const rows = await connection.runAndReadAll(
      `SELECT DISTINCT source_id
         FROM ${inRange(params, startNs, endNs, [`source_id IN (${idList(candidates)})`])}`,
      params.values,
    );
    const found = new Set(rows.getRowObjects().map((row) => Number(row.source_id)));
    return candidates.filter((source) => found.has(source.id));
  }

  async function* select(selection: LogSelection): AsyncGenerator<readonly LogEntry[]> {
    const chosen = await sources.matching(selection.matchers);
    if (chosen.length === 0 || selection.endNs <= selection.startNs) return;
    const backward = selection.direction === 'backward';
    const { startNs, endNs } = selection;
    // The projection hint: read only what the engine will look at.
    const light = lightRead(selection.projection, chosen);
    const columnsSql = light ? lightColumns(light) : ENTRY_COLUMNS;
    const rowsOf = light
      ? lightReader(light, sources)
      : (columns: Parameters<typeof entriesOf>[0]) => entriesOf(columns, sources);
    let window = FIRST_WINDOW_NS;
    let read = 0;
    let batch = FIRST_BATCH;
    // The unread part of the range is [startNs, edge) going backward, [edge, endNs) forward;
    // `after` is the last (time, seq) read inside the current window.
    let edge = backward ? endNs : startNs;
    let after: { t: bigint; seq: bigint } | undefined;
    let low = edge;
    let high = edge;
    while (backward ? edge > startNs : edge < endNs) {
      if (selection.signal?.aborted) return;
      if (!after) {
        // A new window next to what has been read; it stays fixed while it is paged through.
        low = backward ? larger(edge - window, startNs) : edge;
        high = backward ? edge : smaller(edge + window, endNs);
      }
      const params = new SqlParams();
      const where = [`source_id IN (${idList(chosen)})`];
      if (after) {
        const op = backward ? '<' : '>';
        const t = params.add(after.t);
        where.push(
          `(${LOG_TIME} ${op} ${t} OR (${LOG_TIME} = ${t} AND seq ${op} ${params.add(after.seq)}))`,
        );
      }
      const filters = lineFiltersSql(selection.lineFilters, params);
      if (filters) where.push(filters);
      const order = backward ? 'DESC' : 'ASC';
      const columns = (
        await connection.runAndReadAll(
          `SELECT ${columnsSql} FROM ${inRange(params, low, high, where)}
            ORDER BY t ${order}, seq ${order} LIMIT ${batch}`,
          params.values,
        )
      ).getColumnsObject();
      const entries = rowsOf(columns);
      const count = columns.t?.length ?? 0;
      if (count === batch) {
        // The window holds more: page on inside it, and make the next one narrower.
        after = {
          t: BigInt(columns.t?.[count - 1] as bigint),
          seq: BigInt(columns.seq?.[count - 1] as bigint),
        };
        window = larger(window / 2n, MIN_WINDOW_NS);
      } else {
        after = undefined;
        edge = backward ? low : high;
        read += count;
        if (count < batch / 4) window = nextWindow(window, count, selection.limit, read);
      }
      if (entries.length > 0) {
        yield entries;
        // The reader wants more than one batch: give it larger ones.
        batch = Math.min(MAX_BATCH, batch * 2);
      }
    }
  }

  return {
    select,
    countBuckets: (selection: BucketSelection) => countBuckets(connection, sources, selection),
    async labelNames(startNs: bigint, endNs: bigint, matchers?: readonly LabelMatcher[]) {
      const found = await sourcesInRange(await sources.matching(matchers), startNs, endNs);
      return [...new Set(found.flatMap((s) => s.labels.map((l) => l.name)))].sort();
    },
    async labelValues(
      name: string,
      startNs: bigint,
      endNs: bigint,
      matchers?: readonly LabelMatcher[],
    ) {
      const found = await sourcesInRange(await sources.matching(matchers), startNs, endNs);
      const values = found.flatMap((s) =>
        s.labels.filter((l) => l.name === name).map((l) => l.value),
      );
      return [...new Set(values)].sort();
    },
    async series(
      matcherSets: readonly (readonly LabelMatcher[])[],
      startNs: bigint,
      endNs: bigint,
    ): Promise<readonly Labels[]> {
      const sets = matcherSets.length === 0 ? [[]] : matcherSets;
      const candidates = new Map<number, IndexedSource>();
      for (const matchers of sets) {
        for (const source of await sources.matching(matchers)) candidates.set(source.id, source);
      }
      const found = await sourcesInRange([...candidates.values()], startNs, endNs);
      return uniqueStreams(found);
    },
    /**
     * /index/stats: the streams, records and line bytes a selector reads in a range. There are
     * no chunks here; each stream counts as one.
     */
    async stats(
      matchers: readonly LabelMatcher[],
      startNs: bigint,
      endNs: bigint,
    ): Promise<IndexStats> {
      const chosen = await sources.matching(matchers);
      if (chosen.length === 0 || endNs <= startNs)
        return { streams: 0, chunks: 0, entries: 0, bytes: 0 };
      const params = new SqlParams();
      const rows = await connection.runAndReadAll(
        `SELECT source_id, count(*)::BIGINT AS entries,
            sum(strlen(CASE WHEN starts_with(body::VARCHAR, '{"stringValue":')
              THEN body->>'stringValue' ELSE body::VARCHAR END))::BIGINT AS bytes
           FROM ${inRange(params, startNs, endNs, [`source_id IN (${idList(chosen)})`])}
          GROUP BY source_id`,
        params.values,
      );
      const bySource = rows.getRowObjects();
      const streams = uniqueStreams(
        bySource.map((row) => sources.get(Number(row.source_id))).filter((s) => s !== undefined),
      ).length;
      return {
        streams,
        chunks: streams,
        entries: bySource.reduce((sum, row) => sum + Number(row.entries), 0),
        bytes: bySource.reduce((sum, row) => sum + Number(row.bytes ?? 0), 0),
      };
    },
    /** Sources matching `matchers`, for callers that read records themselves. */
    sources,
  } satisfies LogStorage & Record<string, unknown>;
}

/** Distinct label sets of `found`, sorted as Prometheus sorts series. */
function uniqueStreams(found: readonly IndexedSource[]): Labels[] {
  const byKey = new Map<string, Labels>();
  for (const source of found) byKey.set(JSON.stringify(source.labels), source.labels);
  return [...byKey.values()].sort(compareLabels);
}

export type DuckDbLogStorage = ReturnType<typeof createDuckDbLogStorage>;
