import type { ReaderPool } from '../../../storage/reader-pool.js';
import { ExemplarPicker } from './exemplar-picker.js';
import type { SeriesAccumulator } from './series-accumulator.js';
import type { ExemplarCandidate } from './sql-metrics.js';
import { intervalOf, timestampMs } from './time-grid.js';

/**
 * The fast path's exemplars: the cells' candidate spans are spread over the range as Tempo
 * spreads exemplars (two per slice, picked by their interval's time), and only those spans are
 * read, each by its rowid. A point lookup reads one vector of the compressed trace id column;
 * an IN list of rowids would decompress all of it (measured: 5 rowids cost as much as 200).
 * One per trace is checked once the ids are read.
 */
export async function sqlExemplars(
  pool: ReaderPool,
  acc: SeriesAccumulator,
  candidates: readonly ExemplarCandidate[],
  limit: number,
): Promise<void> {
  const spread = new ExemplarPicker(acc.grid, limit);
  const chosen = [...candidates]
    .sort((a, b) => a.interval - b.interval || (a.rowid < b.rowid ? -1 : 1))
    .filter((c) => spread.take(String(c.rowid), timestampMs(acc.grid, c.interval)));
  if (chosen.length === 0) return;
  const byRow = new Map(chosen.map((c) => [c.rowid, c]));
  const sql = [...byRow.keys()]
    .map(
      (rowid) => `SELECT rowid, lower(lpad(to_hex(trace_id), 32, '0')),
        lower(lpad(to_hex(span_id), 16, '0')), start_ns, duration_ns
        FROM spans WHERE rowid = ${BigInt.asIntN(64, rowid)}`,
    )
    .join(' UNION ALL ');
  const rows = (await pool.use((c) => c.runAndReadAll(sql))).getRows();
  rows.sort((a, b) => (BigInt(a[3] as bigint) < BigInt(b[3] as bigint) ? -1 : 1));
  const picker = new ExemplarPicker(acc.grid, limit);
  const counting = acc.query.field === undefined || acc.query.fn === 'histogram_over_time';
  for (const [rowid, traceId, spanId, startNs, durationNs] of rows) {
    const candidate = byRow.get(BigInt(rowid as bigint));
    const start = BigInt(startNs as bigint);
    const ms = start / 1_000_000n;
    if (!candidate || intervalOf(acc.grid, start) < 0 || !picker.take(String(traceId), ms))
      continue;
    const duration = Number(durationNs);
    acc.addExemplar(candidate.labels, {
      traceId: String(traceId),
      spanId: String(spanId),
      timestampMs: ms,
      value: counting ? Number.NaN : duration / 1e9,
      bucket:
        acc.query.fn === 'histogram_over_time'
          ? 2 ** Math.ceil(Math.log2(duration)) / 1e9
          : undefined,
    });
  }
}
