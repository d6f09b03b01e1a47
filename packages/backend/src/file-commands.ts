import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseRange, writeRangeExport } from './query/export/export-range.js';
import { importOpenMetrics } from './receive/import-openmetrics.js';
import { ImportError, importOtlpJson } from './receive/import-otlp-json.js';
import { openTelemetryStore } from './storage/telemetry-store.js';

export const IMPORT_HELP = `Usage: npm run backend -- import FILE [--data-dir DIR]
       npm run backend -- import --openmetrics FILE [--data-dir DIR]

Loads OTLP/JSON into the data directory: one ExportTrace/Metrics/LogsServiceRequest, or JSON
lines of them as the OpenTelemetry Collector's file exporter writes (FILE may be gzipped, .gz).

With --openmetrics, backfills metric samples from OpenMetrics text with a timestamp on every
sample, ending in "# EOF": the file \`promtool tsdb create-blocks-from openmetrics\` loads into
Prometheus, so both can hold identical data.

Stop the backend first: one process at a time owns the data directory.`;

/** `import FILE`: loads an OTLP/JSON file straight into the store and prints what it loaded. */
export async function runImport(file: string, dataDir: string): Promise<void> {
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const store = await openTelemetryStore({ dataDir });
  try {
    const counts = await importOtlpJson(text, store);
    process.stdout.write(
      `imported ${counts.requests} requests from ${file} into ${dataDir}: ${counts.spans} spans, ${counts.logs} log records, ${counts.metrics} metrics${counts.rejected > 0 ? `, ${counts.rejected} rejected as invalid` : ''}\n`,
    );
  } finally {
    store.close();
  }
}

/** `import --openmetrics FILE`: backfills metric samples, with progress on standard error. */
export async function runOpenMetricsImport(file: string, dataDir: string): Promise<void> {
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const store = await openTelemetryStore({ dataDir });
  let reported = 0;
  try {
    const counts = await importOpenMetrics(text, store, (progress) => {
      if (progress.ms - reported < 1000) return;
      reported = progress.ms;
      process.stderr.write(`${progress.samples.toLocaleString('en')} samples imported…\n`);
    });
    const rate = Math.round(counts.samples / (Math.max(counts.ms, 1) / 1000));
    process.stdout.write(
      `imported ${counts.samples.toLocaleString('en')} samples from ${file} into ${dataDir} in ${(counts.ms / 1000).toFixed(1)} s (${rate.toLocaleString('en')} samples/s)\n`,
    );
  } finally {
    store.close();
  }
}

export const EXPORT_HELP = `Usage: npm run backend -- export [--start TIME] [--end TIME] [--out FILE] [--data-dir DIR]

Writes the traces that start between --start and --end (ms since 1970 or ISO 8601; the last hour
by default) and the log records in that time, as JSON lines of OTLP/JSON requests, to --out or to
standard output. \`import\` reads them back. Stop the backend first.`;

/** `export`: a time range of the store as OTLP/JSON lines, to a file or standard output. */
export async function runExport(
  dataDir: string,
  options: { start: string | null; end: string | null; out: string | null },
): Promise<void> {
  const range = parseRange(options.start, options.end);
  if (typeof range === 'string') throw new ImportError(range);
  const store = await openTelemetryStore({ dataDir });
  const fd = options.out ? openSync(options.out, 'w') : 1;
  let lines = 0;
  try {
    await writeRangeExport(store.reader, range, (line) => {
      writeSync(fd, line);
      lines += 1;
    });
  } finally {
    if (fd !== 1) closeSync(fd);
    store.close();
  }
  if (options.out)
    process.stdout.write(`exported ${lines} lines from ${dataDir} to ${options.out}\n`);
}
