/**
 * PromQL latency of the embedded backend against a real Prometheus holding the same data: one
 * generated OpenMetrics file backfilled into both (promtool for Prometheus, our import for us),
 * then the dashboard's queries and a mixed list, instant and range, alternating between them.
 * Then native histograms against classic ones in our engine (native-histogram-bench.ts).
 *
 *   npm run bench:promql -- [--routes 67] [--hours 6] [--repeats 9] [--native-only]
 *
 * Prints a table per query and last one JSON line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DASHBOARD_QUERIES,
  DATASET_BUCKETS,
  hasRealPrometheus,
  MIXED_QUERIES,
  openMetricsDataset,
  PROMETHEUS_BIN,
  startBackendProcess,
  startRealPrometheus,
} from '@otel-lab/testkit';
import { BACKEND_MAIN, importOpenMetrics } from './backfill.js';
import {
  histogramDiskBytes,
  loadNativeData,
  type NativeRow,
  timeNativeVsClassic,
} from './native-histogram-bench.js';
import { NATIVE_VS_CLASSIC } from './native-histogram-data.js';

const MINUTE = 60_000;

const USAGE = `usage: npm run bench:promql -- [options]

Loads one generated data set (request counters, a request duration histogram and an
active-requests gauge per route; a sample every 15 s) into the embedded backend (its
OpenMetrics import) and into a real Prometheus (promtool backfill), then times each query on
both, alternating, as an instant query at the end of the data and as a range query over it.

Figures: per query the median latency of each, and their ratio (ours / Prometheus);
dashboard_ratio and mixed_ratio are the medians of those ratios over the dashboard's queries and
the mixed list; ingest_samples_per_s is what our import reported.

Then the same request durations per route recorded twice over OTLP, as an exponential histogram
(a native histogram) and as a classic one with the data set's buckets, and
histogram_quantile(0.95, sum by (route) (rate(…[5m]))) timed over each in our engine,
alternating, instant and range: native_vs_classic_ratio is the larger of the two ratios of
median latencies (native / classic; instant and range apart too); native_bytes_per_sample is
what a native sample takes on disk, classic_bytes_per_point what a classic histogram's series
take for one point (each table copied alone into a new database file).

options:
  --routes N    routes in the data set; 15 series each (default 67, ~1,000 series)
  --hours N     hours of data (default 6)
  --repeats N   timed runs per query and side, after one unmeasured (default 9)
  --backend F   the backend's main.js to measure (default this checkout's; another build of
                the backend, to compare before and after a change)
  --native-only only the native-against-classic part (no Prometheus needed)
  --keep        keep the temporary directory (its path is printed)
  -h, --help    this text

Needs Debian's prometheus package (${PROMETHEUS_BIN} and promtool), but for --native-only.
The last line is JSON: {"dashboard_ratio","mixed_ratio","ingest_samples_per_s",
"native_vs_classic_ratio","native_instant_ratio","native_range_ratio",
"native_bytes_per_sample","native_encoded_bytes","classic_bytes_per_point"}.
`;

const OPTIONS = {
  routes: { type: 'string', default: '67' },
  hours: { type: 'string', default: '6' },
  repeats: { type: 'string', default: '9' },
  backend: { type: 'string', default: BACKEND_MAIN },
  'native-only': { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const log = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor(sorted.length / 2)] as number);
};

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`--${name} ${raw}: expected an integer from ${min} to ${max}\n`);
    process.exit(2);
  }
  return value;
}

async function timed(url: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(url);
  const body = (await response.json()) as { status?: string; error?: string };
  const ms = performance.now() - start;
  if (body.status !== 'success') throw new Error(`${url}: ${body.error ?? response.status}`);
  return ms;
}

interface Row {
  query: string;
  kind: 'instant' | 'range';
  ours: number;
  theirs: number;
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
  try {
    values = parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const nativeOnly = values['native-only'];
  if (!nativeOnly && !hasRealPrometheus()) {
    process.stderr.write(`no Prometheus at ${PROMETHEUS_BIN}: apt-get install prometheus\n`);
    process.exit(1);
  }
  const routes = integer('routes', values.routes, 1, 10_000);
  const hours = integer('hours', values.hours, 1, 48);
  const repeats = integer('repeats', values.repeats, 1, 1000);

  const dir = mkdtempSync(join(tmpdir(), 'otel-lab-promql-'));
  const end = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;
  const start = end - hours * 60 * MINUTE;
  const points = hours * 240;
  const dataDir = join(dir, 'ours');
  writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
  let prometheus: Awaited<ReturnType<typeof startRealPrometheus>> | undefined;
  let ingest = 0;
  let text = '';
  if (!nativeOnly) {
    log(`generating ${routes * 15} series × ${points} points…`);
    text = openMetricsDataset({ startMs: start + 7_500, points, stepMs: 15_000, routes });
    const file = join(dir, 'data.om');
    writeFileSync(file, text);
    log('backfilling Prometheus (promtool) and starting it…');
    prometheus = await startRealPrometheus({ dir: join(dir, 'prometheus'), openMetrics: text });
    log('importing into the backend…');
    ingest = await importOpenMetrics(file, dataDir, values.backend);
  }
  const ours = await startBackendProcess(values.backend, [
    '--data-dir',
    dataDir,
    '--scrape-config',
    join(dir, 'no-scrapes.yml'),
  ]);
  let figures: Record<string, number | null> = {};
  let nativeRows: NativeRow[] = [];
  try {
    if (prometheus) {
      figures = await comparePrometheus(ours.queryUrl, prometheus.url, { start, end, repeats });
      figures.ingest_samples_per_s = ingest;
      log(`ingest ${ingest.toLocaleString('en')} samples/s (target >= 500,000)`);
    }
    log(`sending ${routes} routes × ${points} native and classic histogram points over OTLP…`);
    const sent = await loadNativeData(ours.otlpHttpUrl, {
      startMs: start + 7_500,
      points,
      stepMs: 15_000,
      routes,
    });
    log(`${sent.points.toLocaleString('en')} points in ${sent.seconds.toFixed(1)} s`);
    nativeRows = await timeNativeVsClassic(
      ours.queryUrl,
      { startMs: start, endMs: end },
      repeats,
      timed,
      median,
    );
  } finally {
    await ours.stop();
    await prometheus?.stop();
  }
  try {
    const disk = await histogramDiskBytes(dataDir, dir, DATASET_BUCKETS.length);
    log(`\nnative histograms against classic ones, our engine (${NATIVE_VS_CLASSIC.native})`);
    log('kind     native ms  classic ms  ratio');
    const ratios: number[] = [];
    for (const row of nativeRows) {
      const ratio = row.native === null ? null : row.native / row.classic;
      if (ratio !== null) ratios.push(ratio);
      log(
        `${row.kind.padEnd(7)}  ${(row.native?.toFixed(1) ?? 'failed').padStart(9)}  ${row.classic.toFixed(1).padStart(10)}  ${ratio?.toFixed(2).padStart(5) ?? row.error}`,
      );
      figures[`native_${row.kind}_ratio`] = ratio === null ? null : Number(ratio.toFixed(2));
    }
    figures.native_vs_classic_ratio =
      ratios.length === nativeRows.length ? Number(Math.max(...ratios).toFixed(2)) : null;
    figures.native_bytes_per_sample = Number(disk.nativeBytesPerSample.toFixed(1));
    figures.classic_bytes_per_point = Number(disk.classicBytesPerPoint.toFixed(1));
    figures.native_encoded_bytes = Number(disk.nativeEncodedBytes.toFixed(1));
    log(
      `${disk.nativeSamples.toLocaleString('en')} native samples: ${figures.native_bytes_per_sample} bytes each on disk (encoded ${figures.native_encoded_bytes}); a classic point (${DATASET_BUCKETS.length + 3} series) ${figures.classic_bytes_per_point}; target: native at most as slow as classic (ratio <= 1.0)`,
    );
    log(JSON.stringify(figures));
  } finally {
    if (values.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The dashboard's and the mixed queries, ours against Prometheus: their figures. */
async function comparePrometheus(
  ourUrl: string,
  theirUrl: string,
  { start, end, repeats }: { start: number; end: number; repeats: number },
): Promise<Record<string, number | null>> {
  const rows: Row[] = [];
  const queries = [...DASHBOARD_QUERIES, ...MIXED_QUERIES];
  for (const [index, query] of queries.entries()) {
    for (const kind of ['instant', 'range'] as const) {
      const params =
        kind === 'instant'
          ? new URLSearchParams({ query, time: String(end / 1000) })
          : new URLSearchParams({
              query,
              start: String(start / 1000),
              end: String(end / 1000),
              step: '60',
            });
      const path = kind === 'instant' ? 'query' : 'query_range';
      const our = `${ourUrl}/api/v1/${path}?${params}`;
      const their = `${theirUrl}/api/v1/${path}?${params}`;
      await timed(our);
      await timed(their);
      const ourMs: number[] = [];
      const theirMs: number[] = [];
      for (let r = 0; r < repeats; r++) {
        ourMs.push(await timed(our));
        theirMs.push(await timed(their));
      }
      rows.push({ query, kind, ours: median(ourMs), theirs: median(theirMs) });
    }
    if (process.stderr.isTTY) process.stderr.write(`\r${index + 1}/${queries.length} queries`);
    else if ((index + 1) % 10 === 0)
      process.stderr.write(`${index + 1}/${queries.length} queries\n`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');

  const width = Math.min(70, Math.max(...rows.map((row) => row.query.length)));
  log(`${'query'.padEnd(width)}  kind     ours ms  prom ms  ratio`);
  for (const row of rows) {
    const name = row.query.length > width ? `${row.query.slice(0, width - 1)}…` : row.query;
    log(
      `${name.padEnd(width)}  ${row.kind.padEnd(7)}  ${row.ours.toFixed(1).padStart(7)}  ${row.theirs.toFixed(1).padStart(7)}  ${(row.ours / row.theirs).toFixed(2).padStart(5)}`,
    );
  }
  const ratio = (list: readonly string[]) =>
    median(rows.filter((row) => list.includes(row.query)).map((row) => row.ours / row.theirs));
  const figures = {
    dashboard_ratio: Number(ratio(DASHBOARD_QUERIES).toFixed(2)),
    mixed_ratio: Number(ratio(MIXED_QUERIES).toFixed(2)),
  };
  log(
    `dashboard ratio ${figures.dashboard_ratio} (target <= 1.0), mixed ratio ${figures.mixed_ratio}`,
  );
  return figures;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
