import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { type Labels, type SeriesSamples, seriesKey } from '../metrics/sample.js';

/** A stored series: its id in `samples` and its sorted label set. */
export interface IndexedSeries {
  readonly id: number;
  readonly labels: Labels;
  /** Set once the series has native-histogram samples: its selects read histogram_samples too. */
  histograms?: boolean;
}

/** Ids for a batch's series entries, and the series that got new ids, to insert with it. */
export interface SeriesIds {
  ids: Uint32Array;
  added: IndexedSeries[];
}

/**
 * Every series of `series`, in memory: the writer finds a batch's ids without asking the
 * database, and selectors match over it without SQL (as Prometheus's head block keeps its
 * index in memory). A series costs its label set plus a key, a few hundred bytes; retention
 * drops the series whose samples are all gone (`drop`).
 */
export async function openSeriesIndex(connection: DuckDBConnection) {
  const byKey = new Map<string, IndexedSeries>();
  const byId = new Map<number, IndexedSeries>();
  // Postings by metric name: almost every selector names its metric.
  const byName = new Map<string, Set<IndexedSeries>>();
  const add = (series: IndexedSeries) => {
    byId.set(series.id, series);
    const name = series.labels.__name__ ?? '';
    let named = byName.get(name);
    if (!named) {
      named = new Set();
      byName.set(name, named);
    }
    named.add(series);
  };
  // Scrapes hand in the same Labels objects every time: their keys are computed once.
  let byObject = new WeakMap<Labels, IndexedSeries>();
  const rows = await connection.runAndReadAll('SELECT id, labels::VARCHAR AS labels FROM series');
  let next = 1;
  for (const row of rows.getRowObjects()) {
    // Stored from a sorted object, parsed back in the same order (names are never indices).
    const series = { id: Number(row.id), labels: JSON.parse(String(row.labels)) as Labels };
    byKey.set(seriesKey(series.labels), series);
    add(series);
    next = Math.max(next, series.id + 1);
  }

  return {
    get size(): number {
      return byId.size;
    },
    get(id: number): IndexedSeries | undefined {
      return byId.get(id);
    },
    /** Every series, in id order of creation. */
    all(): IterableIterator<IndexedSeries> {
      return byId.values();
    },
    /** The series of one metric name. */
    named(name: string): ReadonlySet<IndexedSeries> {
      return byName.get(name) ?? new Set();
    },
    /** The id of each entry's label set; unknown sets get ids, kept once committed. */
    idsOf(entries: readonly SeriesSamples[]): SeriesIds {
      const ids = new Uint32Array(entries.length);
      const added: IndexedSeries[] = [];
      let pending: Map<string, IndexedSeries> | undefined;
      entries.forEach((entry, index) => {
        let series = byObject.get(entry.labels);
        if (!series) {
          const key = seriesKey(entry.labels);
          series = byKey.get(key) ?? pending?.get(key);
          if (!series) {
            series = { id: next++, labels: entry.labels };
            added.push(series);
            pending ??= new Map();
            pending.set(key, series);
          } else if (byId.has(series.id)) byObject.set(entry.labels, series);
        }
        ids[index] = series.id;
      });
      return { ids, added };
    },
    /** Appends the rows of series a batch added, inside the batch's transaction. */
    append(appender: DuckDBAppender, added: readonly IndexedSeries[]): void {
      for (const series of added) {
        appender.appendUInteger(series.id);
        appender.appendVarchar(series.labels.__name__ ?? '');
        appender.appendVarchar(JSON.stringify(series.labels));
        appender.endRow();
      }
    },
    /** These series have native-histogram samples stored. */
    markHistograms(ids: readonly number[]): void {
      for (const id of ids) {
        const series = byId.get(id);
        if (series) series.histograms = true;
      }
    },
    /** After the commit: the series are stored. */
    remember(added: readonly IndexedSeries[]): void {
      for (const series of added) {
        byKey.set(seriesKey(series.labels), series);
        add(series);
        byObject.set(series.labels, series);
      }
    },
    /** After a rollback: the ids were never stored; free them for the next batch. */
    forget(added: readonly IndexedSeries[]): void {
      for (const series of added) next = Math.min(next, series.id);
    },
    /** After retention deleted these series' rows. */
    drop(ids: Iterable<number>): void {
      for (const id of ids) {
        const series = byId.get(id);
        if (!series) continue;
        byId.delete(id);
        byKey.delete(seriesKey(series.labels));
        const name = series.labels.__name__ ?? '';
        byName.get(name)?.delete(series);
        if (byName.get(name)?.size === 0) byName.delete(name);
      }
      byObject = new WeakMap();
    },
  };
}

export type SeriesIndex = Awaited<ReturnType<typeof openSeriesIndex>>;
