import { ExpositionParseError } from '../metrics/exposition.js';
import { openMetricsBackfill } from '../metrics/openmetrics-backfill.js';
import type { SampleBatch } from '../metrics/sample.js';
import { ImportError } from './import-otlp-json.js';

export interface OpenMetricsImportCounts {
  samples: number;
  /** Series entries written; a series split across batches counts once per batch. */
  series: number;
  ms: number;
}

/**
 * Backfills timestamped OpenMetrics text (what `promtool tsdb create-blocks-from openmetrics`
 * reads) batch by batch; each batch is durable before the next is read. A parse error stops the
 * import at its line (what came before it stays) and is an ImportError naming the line.
 */
export async function importOpenMetrics(
  text: string,
  sink: { writeSamples(batch: SampleBatch): Promise<void> },
  onProgress: (counts: OpenMetricsImportCounts) => void = () => undefined,
): Promise<OpenMetricsImportCounts> {
  const started = performance.now();
  const counts: OpenMetricsImportCounts = { samples: 0, series: 0, ms: 0 };
  try {
    for (const batch of openMetricsBackfill(text)) {
      await sink.writeSamples(batch);
      counts.samples += batch.values.length;
      counts.series += batch.series.length;
      counts.ms = performance.now() - started;
      onProgress(counts);
    }
  } catch (error) {
    if (error instanceof ExpositionParseError) throw new ImportError(error.message);
    throw error;
  }
  counts.ms = performance.now() - started;
  return counts;
}
