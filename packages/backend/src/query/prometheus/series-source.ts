/**
 * The read side of stored metrics: label matchers and a time range in, series with their samples
 * out. Matching runs in memory over the series index; the samples of all matched series are read
 * with one SQL query, copied out of DuckDB's vectors as bytes and grouped by series
 * (sample-rows.ts).
 *
 * `select` has the PromQL engine's Storage.select shape (packages/promql/src/storage.ts), so a
 * source can be handed to the engine as it is.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Labels } from '../../metrics/sample.js';
import type { RecentSamples } from '../../storage/recent-samples.js';
import {
  groupBySeries,
  readSampleChunks,
  SampleLimitError,
  seriesRows,
} from '../../storage/sample-rows.js';
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

export interface SeriesSourceOptions {
  /** Most samples one select may read (Prometheus's query.max-samples default). */
  maxSamples?: number;
  /** The newest samples in memory: a select they cover reads no table. */
  recent?: RecentSamples;
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

  function fromRecent(
    recent: RecentSamples,
    matched: IndexedSeries[],
    minT: number,
    maxT: number,
  ): SelectedSeries[] {
    const out: SelectedSeries[] = [];
    let total = 0;
    for (const series of matched) {
      const samples = recent.select(series.id, minT, maxT);
      if (!samples) continue;
      total += samples.values.length;
      if (total > maxSamples) {
        throw new SampleLimitError(
          'query processing would load too many samples into memory in query execution',
        );
      }
      out.push({ labels: labelArray(series.labels), ...samples });
    }
    return out;
  }

  return {
    matching,
    async select(matchers, minT, maxT) {
      const matched = matching(matchers).sort((a, b) => a.id - b.id);
      if (matched.length === 0 || minT > maxT) return [];
      if (options.recent?.covers(minT)) return fromRecent(options.recent, matched, minT, maxT);
      const ids = matched.map((series) => series.id);
      const all = ids.length === index.size || ids.length > MAX_ID_LIST;
      const sql = samplesSql(all ? undefined : ids, minT, maxT);
      const grouped = groupBySeries(await readSampleChunks(connection, sql, maxSamples), ids);
      const out: SelectedSeries[] = [];
      matched.forEach((series, slot) => {
        const start = grouped.offsets[slot] as number;
        const end = grouped.offsets[slot + 1] as number;
        if (end > start) {
          out.push({ labels: labelArray(series.labels), ...seriesRows(grouped, start, end) });
        }
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
