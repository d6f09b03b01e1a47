// Storage for promqltest runs: float samples in memory, plus the label sets of native-histogram
// series so that a case selecting one can be reported as skipped.
import type { LabelMatcher } from '../ast';
import { type Labels, labelsKey, metricNameLabel, sortLabels } from '../labels';
import { MemoryStorage } from '../memory-storage';
import { matchesAll, type Storage, type StoredSeries } from '../storage';
import type { LoadCommand } from './script';

export class TestStorage implements Storage {
  private readonly floats = new MemoryStorage();
  private readonly histogramSeries = new Map<string, Labels>();
  /** Set when a select matched a native-histogram series since the last reset. */
  touchedHistograms = false;

  clear(): void {
    this.floats.clear();
    this.histogramSeries.clear();
  }

  load(cmd: LoadCommand): void {
    for (const s of cmd.series) {
      s.values.forEach((v, i) => {
        const t = i * cmd.interval;
        if (v.kind === 'value') this.floats.append(s.labels, t, v.value);
        else if (v.kind === 'stale') this.floats.appendStale(s.labels, t);
        else if (v.kind === 'histogram') this.histogramSeries.set(labelsKey(s.labels), s.labels);
      });
      // Classic histograms loaded with_nhcb also exist as native histograms under the base name.
      if (cmd.withNhcb) {
        const name = s.labels.find((l) => l.name === metricNameLabel)?.value ?? '';
        const base = /^(.*)_(bucket|count|sum)$/.exec(name)?.[1];
        if (base) {
          const labels = sortLabels(
            s.labels
              .filter((l) => l.name !== 'le' && l.name !== metricNameLabel)
              .concat([{ name: metricNameLabel, value: base }]),
          );
          this.histogramSeries.set(labelsKey(labels), labels);
        }
      }
    }
  }

  select(matchers: readonly LabelMatcher[], minT: number, maxT: number): StoredSeries[] {
    for (const labels of this.histogramSeries.values()) {
      if (matchesAll(matchers, labels)) this.touchedHistograms = true;
    }
    return this.floats.select(matchers, minT, maxT);
  }
}
