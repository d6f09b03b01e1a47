import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { importOtlpJson } from './receive/import-otlp-json.js';
import { openTelemetryStore } from './storage/telemetry-store.js';

export const IMPORT_HELP = `Usage: npm run backend -- import FILE [--data-dir DIR]

Loads OTLP/JSON into the data directory: one ExportTrace/Metrics/LogsServiceRequest, or JSON
lines of them as the OpenTelemetry Collector's file exporter writes (FILE may be gzipped, .gz).
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
