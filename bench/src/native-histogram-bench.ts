/**
 * bench:promql's native-histogram part: loads native-histogram data and classic histograms from
 * the same observations over OTLP (native-histogram-data.ts), times `histogram_quantile` over
 * each in our engine, alternating, instant and range, and measures the bytes a stored sample
 * takes on disk (each table copied alone into a fresh database file, so nothing else counts).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openTelemetryStore } from '@otel-lab/backend';
import {
  CLASSIC_METRIC,
  latencyRequests,
  NATIVE_METRIC,
  NATIVE_VS_CLASSIC,
  type NativeDataOptions,
} from './native-histogram-data.js';

export interface NativeRow {
  kind: 'instant' | 'range';
  native: number | null;
  classic: number;
  /** Why the native query failed, when it did (the engine may not evaluate it yet). */
  error?: string;
}

/** Posts the data; the histogram points sent per second (each route's native and classic). */
export async function loadNativeData(otlpUrl: string, options: NativeDataOptions) {
  const started = performance.now();
  for (const body of latencyRequests(options)) {
    const response = await fetch(`${otlpUrl}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const answer = (await response.json()) as { partialSuccess?: { errorMessage?: string } };
    if (response.status !== 200 || answer.partialSuccess?.errorMessage) {
      throw new Error(`OTLP ${response.status}: ${JSON.stringify(answer)}`);
    }
  }
  return {
    points: 2 * options.routes * options.points,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Median latency of each query, alternating native and classic, instant and range. */
export async function timeNativeVsClassic(
  queryUrl: string,
  range: { startMs: number; endMs: number },
  repeats: number,
  timed: (url: string) => Promise<number>,
  median: (values: number[]) => number,
): Promise<NativeRow[]> {
  const rows: NativeRow[] = [];
  for (const kind of ['instant', 'range'] as const) {
    const url = (query: string) => {
      const params =
        kind === 'instant'
          ? new URLSearchParams({ query, time: String(range.endMs / 1000) })
          : new URLSearchParams({
              query,
              start: String(range.startMs / 1000),
              end: String(range.endMs / 1000),
              step: '60',
            });
      return `${queryUrl}/api/v1/${kind === 'instant' ? 'query' : 'query_range'}?${params}`;
    };
    const native = url(NATIVE_VS_CLASSIC.native);
    const classic = url(NATIVE_VS_CLASSIC.classic);
    // The unmeasured first run checks that native answers every route classic does: an engine
    // that does not evaluate rate over native histograms yet answers nothing, fast.
    let error: string | undefined;
    const [nativeSeries, classicSeries] = [await seriesCount(native), await seriesCount(classic)];
    if (typeof nativeSeries === 'string') error = nativeSeries;
    else if (nativeSeries !== classicSeries) {
      error = `native answered ${nativeSeries} series, classic ${classicSeries}`;
    }
    const nativeMs: number[] = [];
    const classicMs: number[] = [];
    for (let r = 0; r < repeats; r++) {
      if (!error) nativeMs.push(await timed(native));
      classicMs.push(await timed(classic));
    }
    const row: NativeRow = {
      kind,
      native: error ? null : median(nativeMs),
      classic: median(classicMs),
    };
    if (error) row.error = error;
    rows.push(row);
  }
  return rows;
}

/** How many series a query answers, or its error. */
async function seriesCount(url: string): Promise<number | string> {
  const response = await fetch(url);
  const body = (await response.json()) as { data?: { result: unknown[] }; error?: string };
  return body.data ? body.data.result.length : (body.error ?? `HTTP ${response.status}`);
}

/** Bytes on disk per stored native sample, and per classic histogram point (all its series). */
export async function histogramDiskBytes(dataDir: string, scratch: string, buckets: number) {
  const store = await openTelemetryStore({ dataDir });
  try {
    const copy = async (name: string, select: string) => {
      const file = join(scratch, `${name}.duckdb`);
      await store.reader.run(`ATTACH '${file}' AS ${name}`);
      await store.reader.run(`CREATE TABLE ${name}.copied AS ${select}`);
      const rows = await store.reader.runAndReadAll(
        `SELECT count(*)::BIGINT AS n FROM ${name}.copied`,
      );
      await store.reader.run(`DETACH ${name}`);
      return { bytes: statSync(file).size, rows: Number(rows.getRowObjects()[0]?.n) };
    };
    const seriesOf = (pattern: string) =>
      `series_id IN (SELECT id FROM series WHERE metric LIKE '${pattern}')`;
    const native = await copy(
      'native_copy',
      `SELECT * FROM histogram_samples WHERE ${seriesOf(NATIVE_METRIC)}`,
    );
    const classic = await copy(
      'classic_copy',
      `SELECT * FROM samples WHERE ${seriesOf(`${CLASSIC_METRIC}%`)}`,
    );
    // A classic point is its buckets' series (+Inf included), _count and _sum.
    const classicPoints = classic.rows / (buckets + 3);
    const encoded = await store.reader.runAndReadAll(
      'SELECT avg(octet_length(histogram))::DOUBLE AS bytes FROM histogram_samples',
    );
    return {
      nativeSamples: native.rows,
      /** The encoded histogram alone, before DuckDB compresses the column. */
      nativeEncodedBytes: Number(encoded.getRowObjects()[0]?.bytes),
      nativeBytesPerSample: native.bytes / native.rows,
      classicBytesPerPoint: classic.bytes / classicPoints,
    };
  } finally {
    store.close();
  }
}
