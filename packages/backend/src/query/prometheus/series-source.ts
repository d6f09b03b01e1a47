/**
 * The read side of stored metrics: label matchers and a time range in, series with their samples
 * out. Matching runs in memory over the series index; the samples of all matched series are read
 * with one streamed SQL query, copied out of DuckDB's vectors as bytes (sample-rows.ts), or
 * from the recent samples in memory, then grouped by series (row-chunks.ts). `select` takes
 * recent samples as they are held, one array per series, with nothing to group.
 *
 * `selectRows` stops before the grouping, so that the PromQL worker thread groups what it is
 * handed (query-pool.ts); `select` groups here and has the PromQL engine's Storage.select shape
 * (packages/promql/src/storage.ts), so a source can be handed to the engine as it is.
 */
import { DuckDBConnection } from '@duckdb/node-api';
import type { StoredHistograms } from '@otel-lab/promql';
import type { Labels } from '../../metrics/sample.js';
import {
  histogramSeriesIds,
  readHistogramRows,
  recentHistogramRows,
} from '../../storage/histogram-reads.js';
import { type HistogramRows, withHistograms } from '../../storage/histogram-rows.js';
import { type ReaderPool, singleReader } from '../../storage/reader-pool.js';
import type { RecentSamples } from '../../storage/recent-samples.js';
import { groupSelection, type RowChunk } from '../../storage/row-chunks.js';
import { readSampleChunks, SampleLimitError } from '../../storage/sample-rows.js';
import type { IndexedSeries, SeriesIndex } from '../../storage/series-index.js';
import { compileMatchers, type LabelMatcher } from './label-matcher.js';
import type { RequestBudget } from './request-budget.js';
import { copyRecentInLane, matchInLane, selectRecentInLane } from './select-slices.js';

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
  /** Native-histogram samples, decoded (the engine's StoredSeries.histograms). */
  readonly histograms?: StoredHistograms;
}

/** The matched series (ascending ids) and their rows, not yet grouped by series. */
export interface RowSelection {
  series: { id: number; labels: readonly Label[] }[];
  chunks: RowChunk[];
  /** Their native-histogram rows, when any matched series has histograms. */
  histograms?: HistogramRows;
}

/** A selector of a request, compiled once: its matchers pick the candidates, `test` decides. */
export interface CompiledSelector {
  readonly matchers: readonly LabelMatcher[];
  readonly test: (labels: Labels) => boolean;
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
   * The series any of `selectors` matches (every series when there is none), each selector's
   * candidates tested under one budget for the whole request; with a range, only those with a
   * sample in it, found with one read for all of them (all stored series have samples:
   * retention drops those that have none left).
   */
  matchingAny(
    selectors: readonly CompiledSelector[],
    budget: RequestBudget,
    range?: { minT: number; maxT: number },
  ): Promise<IndexedSeries[]>;
}

const DEFAULT_MAX_SAMPLES = 50_000_000;
const TOO_MANY = 'query processing would load too many samples into memory in query execution';
/** Past this many ids an IN list costs more than reading every series' rows and skipping. */
export const MAX_ID_LIST = 20_000;

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

  /** Which of `ids` have a sample in the range: one read, interrupted at the budget's end. */
  function withSamples(
    ids: number[],
    range: { minT: number; maxT: number },
    budget: RequestBudget,
    histograms: boolean,
  ): Promise<Set<number>> {
    const all = ids.length === index.size || ids.length > MAX_ID_LIST;
    const where = `WHERE t_ms BETWEEN ${Math.ceil(range.minT)} AND ${Math.floor(range.maxT)}${all ? '' : ` AND series_id IN (${ids.join(',')})`}`;
    // A series of native histograms only has no float samples: its table is read too, when
    // some matched series has histograms.
    const sql = histograms
      ? `SELECT series_id FROM samples ${where}
      UNION SELECT series_id FROM histogram_samples ${where}`
      : `SELECT DISTINCT series_id FROM samples ${where}`;
    return pool.use(async (connection) => {
      const cancel = budget.onStop(() => connection.interrupt());
      try {
        const result = await connection.stream(sql);
        const present = new Set<number>();
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) return present;
          for (const id of chunk.getColumnValues(0)) present.add(Number(id));
          if (budget.spend(chunk.rowCount)) await budget.pause();
        }
      } catch (error) {
        budget.check(); // an interrupted read is the request's timeout or cancel
        throw error;
      } finally {
        cancel();
      }
    });
  }

  /** The rows of `matched` in [minT, maxT]: from the recent samples when they cover it. */
  async function readRows(
    matched: readonly IndexedSeries[],
    minT: number,
    maxT: number,
    take: TakeRows,
  ): Promise<RowChunk[]> {
    if (options.recent?.covers(minT)) {
      return copyRecentInLane(options.recent, matched, minT, maxT, take);
    }
    const ids = matched.map((s) => s.id);
    const all = ids.length === index.size || ids.length > MAX_ID_LIST;
    const sql = samplesSql(all ? undefined : ids, minT, maxT);
    return pool.use((c) => readSampleChunks(c, sql, take));
  }

  /** The histogram rows of `matched` in [minT, maxT], when any of them has histograms. */
  async function readHistograms(
    matched: readonly IndexedSeries[],
    minT: number,
    maxT: number,
    take: TakeRows,
  ): Promise<HistogramRows | undefined> {
    const ids = histogramSeriesIds(matched);
    if (ids.length === 0) return undefined;
    if (options.recent?.covers(minT)) {
      return recentHistogramRows(options.recent, ids, minT, maxT, take);
    }
    return pool.use((c) => readHistogramRows(c, ids, minT, maxT, take));
  }

  async function selectRows(
    matchers: readonly LabelMatcher[],
    minT: number,
    maxT: number,
    take: TakeRows,
  ): Promise<RowSelection> {
    const matched = await matchInLane(candidates(matchers), matchers, take);
    if (matched.length === 0 || minT > maxT) return { series: [], chunks: [] };
    const series = matched.map((s) => ({ id: s.id, labels: labelArray(s.labels) }));
    const chunks = await readRows(matched, minT, maxT, take);
    const histograms = await readHistograms(matched, minT, maxT, take);
    return histograms ? { series, chunks, histograms } : { series, chunks };
  }

  return {
    matching,
    selectRows,
    async select(matchers, minT, maxT) {
      let total = 0;
      const take: TakeRows = (rows) => {
        total += rows;
        if (total > maxSamples) throw new SampleLimitError(TOO_MANY);
      };
      const matched = await matchInLane(candidates(matchers), matchers, take);
      if (matched.length === 0 || minT > maxT) return [];
      const series = matched.map((s) => ({ id: s.id, labels: labelArray(s.labels) }));
      const histograms = await readHistograms(matched, minT, maxT, take);
      if (options.recent?.covers(minT)) {
        // Recent samples straight into one array per series: no rows to copy and group again.
        const selected = await selectRecentInLane(options.recent, matched, minT, maxT, take);
        const floats = selected.map(({ series, samples }) => ({
          labels: labelArray(series.labels),
          ...samples,
        }));
        return withHistograms(series, floats, histograms);
      }
      const chunks = await readRows(matched, minT, maxT, take);
      return withHistograms(series, groupSelection(series, chunks), histograms);
    },
    async matchingAny(selectors, budget, range) {
      const every: CompiledSelector = { matchers: [], test: () => true };
      const matched = await budget.compute(async () => {
        const union = new Map<number, IndexedSeries>();
        for (const { matchers, test } of selectors.length > 0 ? selectors : [every]) {
          for (const series of candidates(matchers)) {
            // A series another selector matched is not tested again.
            if (!union.has(series.id) && test(series.labels)) union.set(series.id, series);
            if (budget.spend()) await budget.pause();
          }
        }
        return [...union.values()];
      });
      if (!range || matched.length === 0) return matched;
      if (range.minT > range.maxT) return [];
      budget.check();
      const present = await withSamples(
        matched.map((series) => series.id),
        range,
        budget,
        matched.some((series) => series.histograms),
      );
      return matched.filter((series) => present.has(series.id));
    },
  };
}
