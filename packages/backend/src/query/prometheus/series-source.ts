/**
 * The read side of stored metrics: label matchers and a time range in, series with their samples
 * out. Matching runs in memory over the series index; the samples of all matched series are read
 * with one SQL query and copied out of DuckDB's vectors as bytes. The rows come in insertion
 * order (DuckDB's preserve_insertion_order), which is time order per series for live data, and
 * are grouped by series here in linear time: an ORDER BY made DuckDB sort and took 2.4 times as
 * long (1.44M samples: 190 ms against 79 ms).
 *
 * `select` has the PromQL engine's Storage.select shape (packages/promql/src/storage.ts), so a
 * source can be handed to the engine as it is.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import type { Labels } from '../../metrics/sample.js';
import type { IndexedSeries, SeriesIndex } from '../../storage/series-index.js';
import { compileMatchers, type LabelMatcher } from './label-matcher.js';

export interface Label {
  readonly name: string;
  readonly value: string;
}

/** One series with its samples in the range, times ascending and distinct. */
export interface SelectedSeries {
  readonly labels: readonly Label[];
  /** Milliseconds since the epoch. */
  readonly timestamps: Float64Array;
  /** A staleness marker keeps its exact bit pattern (0x7ff0000000000002). */
  readonly values: Float64Array;
}

/** A select would read more samples than allowed; PromQL reports this as an execution error. */
export class SampleLimitError extends Error {
  override name = 'SampleLimitError';
}

export interface SeriesSourceOptions {
  /** Most samples one select may read (Prometheus's query.max-samples default). */
  maxSamples?: number;
}

export interface SeriesSource {
  /** Matching series with their samples in [minT, maxT] (ms, both inclusive); none without samples. */
  select(matchers: readonly LabelMatcher[], minT: number, maxT: number): Promise<SelectedSeries[]>;
  /** Matching series by label set only, whether or not they have samples in some range. */
  matching(matchers: readonly LabelMatcher[]): IndexedSeries[];
  /**
   * The matching series that have a sample in [minT, maxT]; with no range, every matching
   * series (all stored series have samples: retention drops those that have none left).
   */
  matchingIn(
    matchers: readonly LabelMatcher[],
    range?: { minT: number; maxT: number },
  ): Promise<IndexedSeries[]>;
}

const TWO_32 = 2 ** 32;
const DEFAULT_MAX_SAMPLES = 50_000_000;
/** Past this many ids an IN list costs more than reading every series' rows and skipping. */
const MAX_ID_LIST = 20_000;

const labelArrays = new WeakMap<Labels, readonly Label[]>();

/** The engine's label form (sorted name/value pairs), made once per stored series. */
function labelArray(labels: Labels): readonly Label[] {
  let array = labelArrays.get(labels);
  if (!array) {
    array = Object.entries(labels).map(([name, value]) => ({ name, value }));
    labelArrays.set(labels, array);
  }
  return array;
}

/** SQL for the rows of `ids` (all rows when undefined) between two times. */
function samplesSql(ids: number[] | undefined, minT: number, maxT: number): string {
  const range = `t_ms BETWEEN ${Math.ceil(minT)} AND ${Math.floor(maxT)}`;
  const filter = ids ? ` AND series_id IN (${ids.join(',')})` : '';
  return `SELECT series_id, t_ms, value FROM samples WHERE ${range}${filter}`;
}

/** Grows three columns as chunks arrive; bytes are copied, never converted. */
class ColumnCollector {
  ids = new Uint32Array(1024);
  times = new Float64Array(1024);
  values = new Float64Array(1024);
  length = 0;

  add(chunk: duckdb.DataChunk, n: number): void {
    if (this.length + n > this.ids.length) this.grow(this.length + n);
    const bytes = (index: number, width: number) =>
      duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk, index), n * width);
    new Uint8Array(this.ids.buffer).set(bytes(0, 4), this.length * 4);
    new Uint8Array(this.values.buffer).set(bytes(2, 8), this.length * 8);
    // BIGINT milliseconds through 32-bit words: exact for every time a float64 holds exactly.
    const raw = bytes(1, 8);
    const words = new Int32Array(new Uint8Array(raw).buffer, 0, n * 2);
    for (let i = 0; i < n; i++) {
      this.times[this.length + i] =
        (words[2 * i + 1] as number) * TWO_32 + ((words[2 * i] as number) >>> 0);
    }
    this.length += n;
  }

  private grow(atLeast: number): void {
    const capacity = Math.max(atLeast, this.ids.length * 2);
    const ids = new Uint32Array(capacity);
    ids.set(this.ids);
    const times = new Float64Array(capacity);
    times.set(this.times);
    const values = new Float64Array(capacity);
    values.set(this.values);
    Object.assign(this, { ids, times, values });
  }
}

export function createSeriesSource(
  connection: DuckDBConnection,
  index: SeriesIndex,
  options: SeriesSourceOptions = {},
): SeriesSource {
  const maxSamples = options.maxSamples ?? DEFAULT_MAX_SAMPLES;

  function matching(matchers: readonly LabelMatcher[]): IndexedSeries[] {
    const test = compileMatchers(matchers);
    const name = matchers.find((m) => m.name === '__name__' && m.type === '=');
    const candidates = name ? index.named(name.value) : index.all();
    const out: IndexedSeries[] = [];
    for (const series of candidates) if (test(series.labels)) out.push(series);
    return out;
  }

  /** Reads the rows of `ids` in the range; `all` when the ids are every stored series. */
  async function readColumns(ids: number[], all: boolean, minT: number, maxT: number) {
    const sql = samplesSql(all || ids.length > MAX_ID_LIST ? undefined : ids, minT, maxT);
    const result = await connection.run(sql);
    const columns = new ColumnCollector();
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      if (columns.length + chunk.rowCount > maxSamples) {
        throw new SampleLimitError(
          'query processing would load too many samples into memory in query execution',
        );
      }
      columns.add(chunk.chunk, chunk.rowCount);
    }
    return columns;
  }

  return {
    matching,
    async select(matchers, minT, maxT) {
      const matched = matching(matchers).sort((a, b) => a.id - b.id);
      if (matched.length === 0 || minT > maxT) return [];
      const ids = matched.map((series) => series.id);
      const columns = await readColumns(ids, ids.length === index.size, minT, maxT);
      const grouped = groupBySeries(columns, ids);
      const out: SelectedSeries[] = [];
      matched.forEach((series, slot) => {
        const start = grouped.offsets[slot] as number;
        const end = grouped.offsets[slot + 1] as number;
        if (end > start) out.push(samplesOf(series, grouped, start, end));
      });
      return out;
    },
    async matchingIn(matchers, range) {
      const matched = matching(matchers);
      if (!range || matched.length === 0) return matched;
      if (range.minT > range.maxT) return [];
      const ids = matched.map((series) => series.id);
      const filter =
        ids.length === index.size || ids.length > MAX_ID_LIST
          ? ''
          : ` AND series_id IN (${ids.join(',')})`;
      const rows = await connection.runAndReadAll(
        `SELECT DISTINCT series_id FROM samples
         WHERE t_ms BETWEEN ${Math.ceil(range.minT)} AND ${Math.floor(range.maxT)}${filter}`,
      );
      const present = new Set(rows.getRowObjects().map((row) => Number(row.series_id)));
      return matched.filter((series) => present.has(series.id));
    },
  };
}

/** Rows regrouped so that each series' rows are contiguous, in their read order. */
interface GroupedRows {
  times: Float64Array;
  values: Float64Array;
  /** Series k (in `ids` order) owns rows [offsets[k], offsets[k + 1]). */
  offsets: Uint32Array;
}

/**
 * A counting sort by series: one pass counts, one scatters. Values move as two 32-bit words, so
 * a NaN's payload cannot be touched on the way. Rows of series outside `ids` are skipped (an
 * unfiltered read of every series).
 */
function groupBySeries(columns: ColumnCollector, ids: readonly number[]): GroupedRows {
  const maxId = ids[ids.length - 1] ?? 0;
  // A dense lookup table while ids are compact; a Map when retention has left them sparse.
  const dense = maxId <= 8 * ids.length + 1024;
  const table = dense ? new Int32Array(maxId + 1).fill(-1) : undefined;
  const map = dense ? undefined : new Map<number, number>();
  ids.forEach((id, slot) => {
    if (table) table[id] = slot;
    else map?.set(id, slot);
  });
  const slotOf = (id: number) =>
    table ? (id <= maxId ? (table[id] as number) : -1) : (map?.get(id) ?? -1);
  const slots = new Int32Array(columns.length);
  const offsets = new Uint32Array(ids.length + 1);
  for (let i = 0; i < columns.length; i++) {
    const slot = slotOf(columns.ids[i] as number);
    slots[i] = slot;
    if (slot >= 0) offsets[slot + 1] = (offsets[slot + 1] as number) + 1;
  }
  for (let k = 0; k < ids.length; k++) {
    offsets[k + 1] = (offsets[k + 1] as number) + (offsets[k] as number);
  }
  const total = offsets[ids.length] as number;
  const times = new Float64Array(total);
  const values = new Float64Array(total);
  const to = new Uint32Array(values.buffer);
  const from = new Uint32Array(columns.values.buffer);
  const cursor = offsets.slice(0, ids.length);
  for (let i = 0; i < columns.length; i++) {
    const slot = slots[i] as number;
    if (slot < 0) continue;
    const j = cursor[slot] as number;
    cursor[slot] = j + 1;
    times[j] = columns.times[i] as number;
    to[2 * j] = from[2 * i] as number;
    to[2 * j + 1] = from[2 * i + 1] as number;
  }
  return { times, values, offsets };
}

/**
 * One series' rows as its own arrays (views would pin the whole read), times strictly
 * ascending: rows written out of time order are sorted (stably), and a time written twice (a
 * resent OTLP request) keeps its first sample. Same-type typed array copies are byte copies, so
 * NaN payloads survive them.
 */
function samplesOf(
  series: IndexedSeries,
  rows: GroupedRows,
  start: number,
  end: number,
): SelectedSeries {
  const labels = labelArray(series.labels);
  let ordered = true;
  for (let i = start + 1; i < end && ordered; i++) {
    ordered = (rows.times[i] as number) > (rows.times[i - 1] as number);
  }
  if (ordered) {
    return {
      labels,
      timestamps: rows.times.slice(start, end),
      values: rows.values.slice(start, end),
    };
  }
  const order = Array.from({ length: end - start }, (_, i) => start + i).sort(
    (a, b) => (rows.times[a] as number) - (rows.times[b] as number),
  );
  const kept = order.filter(
    (row, n) => n === 0 || rows.times[row] !== rows.times[order[n - 1] as number],
  );
  const timestamps = new Float64Array(kept.length);
  const values = new Float64Array(kept.length);
  const to = new Uint32Array(values.buffer);
  const from = new Uint32Array(rows.values.buffer);
  kept.forEach((row, n) => {
    timestamps[n] = rows.times[row] as number;
    to[2 * n] = from[2 * row] as number;
    to[2 * n + 1] = from[2 * row + 1] as number;
  });
  return { labels, timestamps, values };
}
