// Storage for promqltest runs: float samples in memory, plus the label sets of native-histogram
// series so that a case selecting one can be reported as skipped.
import type { LabelMatcher } from '../ast';
import { type Labels, labelsKey, metricNameLabel, sortLabels } from '../labels';
import { MemoryStorage } from '../memory-storage';
import { matchesAll, type Storage } from '../storage';
import type { LoadCommand } from './script';

/** A storage the runner can fill, so the same scripts can test any Storage implementation. */
export interface LoadableStorage extends Storage {
  /** Appends a float sample; each series receives its samples in time order. */
  append(labels: Labels, t: number, v: number): void | Promise<void>;
  /** Appends a staleness marker. */
  appendStale(labels: Labels, t: number): void | Promise<void>;
  /** Removes all series (the scripts' `clear`). */
  clear(): void | Promise<void>;
}

export class TestStorage implements Storage {
  private readonly histogramSeries = new Map<string, Labels>();
  /** Set when a select matched a native-histogram series since the last reset. */
  touchedHistograms = false;

  constructor(private readonly floats: LoadableStorage = new MemoryStorage()) {}

  async clear(): Promise<void> {
    await this.floats.clear();
    this.histogramSeries.clear();
  }

  async load(cmd: LoadCommand): Promise<void> {
    for (const s of cmd.series) {
      for (const [i, v] of s.values.entries()) {
        const t = i * cmd.interval;
        if (v.kind === 'value') await this.floats.append(s.labels, t, v.value);
        else if (v.kind === 'stale') await this.floats.appendStale(s.labels, t);
        else if (v.kind === 'histogram') this.histogramSeries.set(labelsKey(s.labels), s.labels);
      }
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

  select(matchers: readonly LabelMatcher[], minT: number, maxT: number) {
    for (const labels of this.histogramSeries.values()) {
      if (matchesAll(matchers, labels)) this.touchedHistograms = true;
    }
    return this.floats.select(matchers, minT, maxT);
  }
}
