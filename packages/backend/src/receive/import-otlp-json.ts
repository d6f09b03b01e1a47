import { OtlpDecodeError, type Signal } from '@otel-lab/otlp';
import { type IngestSink, ingest } from './ingest.js';

export interface ImportCounts {
  requests: number;
  spans: number;
  logs: number;
  metrics: number;
  rejected: number;
}

const SIGNAL_BY_KEY: [string, Signal][] = [
  ['resourceSpans', 'traces'],
  ['resourceLogs', 'logs'],
  ['resourceMetrics', 'metrics'],
];
const COUNTED = { traces: 'spans', logs: 'logs', metrics: 'metrics' } as const;

/** A line of an import that is not an OTLP/JSON request; nothing after it was imported. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** One JSON document per line (the Collector's file exporter), or one document for the file. */
function documentsOf(text: string): { line: number; json: string }[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    JSON.parse(trimmed);
    return [{ line: 1, json: trimmed }];
  } catch {
    return text
      .split('\n')
      .map((json, index) => ({ line: index + 1, json: json.trim() }))
      .filter((document) => document.json !== '');
  }
}

/**
 * Imports OTLP/JSON: a single ExportTrace/Metrics/LogsServiceRequest, or JSON lines of them as
 * the OpenTelemetry Collector's file exporter writes. Each request is stored as it is read, so
 * a bad line stops the import there and names the line.
 */
export async function importOtlpJson(text: string, sink: IngestSink): Promise<ImportCounts> {
  const counts: ImportCounts = { requests: 0, spans: 0, logs: 0, metrics: 0, rejected: 0 };
  for (const { line, json } of documentsOf(text)) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new ImportError(`line ${line}: expected a JSON object`);
      }
      const signal = SIGNAL_BY_KEY.find(([key]) => key in parsed)?.[1];
      if (!signal) {
        throw new ImportError(
          `line ${line}: not an OTLP/JSON request (no resourceSpans, resourceLogs or resourceMetrics)`,
        );
      }
      // The same path as the receivers, limits included.
      const decoded = await ingest({ sink }, signal, 'json', Buffer.from(json));
      counts[COUNTED[signal]] += decoded.accepted;
      counts.rejected += decoded.rejected;
      counts.requests += 1;
    } catch (error) {
      if (error instanceof ImportError) throw error;
      if (error instanceof OtlpDecodeError || error instanceof SyntaxError) {
        throw new ImportError(`line ${line}: ${error.message}`);
      }
      throw error;
    }
  }
  return counts;
}
