/** A SampleSink that appends into a promql MemoryStorage: rule unit tests and `test rules` run on it. */
import { labelsFromRecord, type MemoryStorage } from '@otel-lab/promql';
import { isStaleAt, type SampleBatch, type SampleSink } from '../../metrics/sample';

export function memorySampleSink(storage: MemoryStorage): SampleSink {
  return {
    async append(batch: SampleBatch) {
      for (const series of batch.series) {
        const labels = labelsFromRecord(series.labels);
        for (let i = series.first; i < series.first + series.count; i++) {
          const t = batch.timestampsMs[i] as number;
          if (isStaleAt(batch.values, i)) storage.appendStale(labels, t);
          else storage.append(labels, t, batch.values[i] as number);
        }
        const hs = series.histograms;
        for (const [i, h] of (hs?.values ?? []).entries())
          storage.appendHistogram(labels, hs?.timestampsMs[i] as number, h);
      }
    },
  };
}
