/**
 * The read side of stored metrics: label matchers and a time range in, series with their samples
 * out. Matching runs in memory over the series index; the samples of all matched series are read
 * with one streamed SQL query, copied out of DuckDB's vectors as bytes (sample-rows.ts), or
 * from the recent samples in memory, then grouped by series (row-chunks.ts).
 *
 * `selectRows` stops before the grouping, so that the PromQL worker thread groups what it is
 * handed (query-pool.ts); `select` groups here and has the PromQL engine's Storage.select shape
 * (packages/promql/src/storage.ts), so a source can be handed to the engine as it is.
 */
import { DuckDBConnection } from '@duckdb/node-api';
import type { Labels } from '../../metrics/sample.js';
import { type ReaderPool, singleReader } from '../../storage/reader-pool.js';
import type { RecentSamples } from '../../storage/recent-samples.js';
import { groupSelection, type RowChunk, RowChunkWriter } from '../../storage/row-chunks.js';
import { readSampleChunks, SampleLimitError } from '../../storage/sample-rows.js';
import type { IndexedSeries, SeriesIndex } from '../../storage/series-index.js';
import { compileMatchers, type LabelMatcher } from './label-matcher.js';

export { SampleLimitError };

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

/** The matched series (ascending ids) and their rows, not yet grouped by series. */
export interface RowSelection {
  series: { id: number; labels: readonly Label[] }[];
  chunks: RowChunk[];
}

/** Sees each chunk's row count before it is kept; throws to stop (a limit, a deadline). */
export type TakeRows = (rows: number) => void;

export interface SeriesSourceOptions {
  /** Most samples one `select` may read; selectRows' callers bring their own limit. */
  maxSamples?: number;
  /** The newest samples in memory: a select they cover reads no table. */
  recent?: RecentSamples;
}

export interface SeriesSource {
  /** Matching series with their samples in [minT, maxT] (ms, both inclusive); none without samples. */
  select(matchers: readonly LabelMatcher[], minT: number, maxT: number): Promise<SelectedSeries[]>;
  /** The same read, the rows left as read, for grouping elsewhere (a worker thread). */
  selectRows(
    matchers: readonly LabelMatcher[],
    minT: number,
    maxT: number,
    take: TakeRows,
  ): Promise<RowSelection>;
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

const DEFAULT_MAX_SAMPLES = 50_000_000;
const TOO_MANY = 'query processing would load too many samples into memory in query execution';
/** Recent samples copied, and series matched, between two turns of the event loop. */
const RECENT_SLICE = 65_536;
const MATCH_SLICE = 16_384;
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

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createSeriesSource(
  readers: ReaderPool | DuckDBConnection,
  index: SeriesIndex,
  options: SeriesSourceOptions = {},
): SeriesSource {
  const maxSamples = options.maxSamples ?? DEFAULT_MAX_SAMPLES;
  const pool = readers instanceof DuckDBConnection ? singleReader(readers) : readers;

  function candidates(matchers: readonly LabelMatcher[]): Iterable<IndexedSeries> {
    const name = matchers.find((m) => m.name === '__name__' && m.type === '=');
    return name ? index.named(name.value) : index.all();
  }

  function matching(matchers: readonly LabelMatcher[]): IndexedSeries[] {
    const test = compileMatchers(matchers);
    const out: IndexedSeries[] = [];
    for (const series of candidates(matchers)) if (test(series.labels)) out.push(series);
    return out;
  }

  /** `matching`, back to the event loop every MATCH_SLICE series (a large index, a slow regex). */
  async function matchingInSlices(matchers: readonly LabelMatcher[]): Promise<IndexedSeries[]> {
    const test = compileMatchers(matchers);
    const out: IndexedSeries[] = [];
    let seen = 0;
    for (const series of candidates(matchers)) {
      if (test(series.labels)) out.push(series);
      if (++seen % MATCH_SLICE === 0) await yieldToEventLoop();
    }
    return out;
  }

  /** The recent samples of the matched series, copied a slice at a time. */
  async function fromRecent(
    recent: RecentSamples,
    matched: IndexedSeries[],
    minT: number,
    maxT: number,
    take: TakeRows,
  ): Promise<RowChunk[]> {
    const writer = new RowChunkWriter();
    let sinceYield = 0;
    for (const series of matched) {
      const samples = recent.select(series.id, minT, maxT);
      if (!samples) continue;
      const n = samples.timestamps.length;
      take(n);
      const words = new Uint32Array(samples.values.buffer, samples.values.byteOffset, n * 2);
      for (let i = 0; i < n; i++) {
        writer.addRow(series.id, samples.timestamps[i] as number, words, i);
      }
      sinceYield += n;
      if (sinceYield >= RECENT_SLICE) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
    return writer.chunks;
  }

  async function selectRows(
    matchers: readonly LabelMatcher[],
    minT: number,
    maxT: number,
    take: TakeRows,
  ): Promise<RowSelection> {
    const matched = (await matchingInSlices(matchers)).sort((a, b) => a.id - b.id);
    if (matched.length === 0 || minT > maxT) return { series: [], chunks: [] };
    const series = matched.map((s) => ({ id: s.id, labels: labelArray(s.labels) }));
    if (options.recent?.covers(minT)) {
      return { series, chunks: await fromRecent(options.recent, matched, minT, maxT, take) };
    }
    const ids = matched.map((s) => s.id);
    const all = ids.length === index.size || ids.length > MAX_ID_LIST;
    const sql = samplesSql(all ? undefined : ids, minT, maxT);
    return { series, chunks: await pool.use((c) => readSampleChunks(c, sql, take)) };
  }

  return {
    matching,
    selectRows,
    async select(matchers, minT, maxT) {
      let total = 0;
      const selection = await selectRows(matchers, minT, maxT, (rows) => {
        total += rows;
        if (total > maxSamples) throw new SampleLimitError(TOO_MANY);
      });
      return groupSelection(selection.series, selection.chunks);
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
      const rows = await pool.use((c) =>
        c.runAndReadAll(
          `SELECT DISTINCT series_id FROM samples
           WHERE t_ms BETWEEN ${Math.ceil(range.minT)} AND ${Math.floor(range.maxT)}${filter}`,
        ),
      );
      const present = new Set(rows.getRowObjects().map((row) => Number(row.series_id)));
      return matched.filter((series) => present.has(series.id));
    },
  };
}
