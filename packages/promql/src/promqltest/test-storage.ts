// Storage for promqltest runs: the scripts' float and native-histogram samples, and with
// `load_with_nhcb` the classic histograms converted to custom-bucket native histograms.
import type { LabelMatcher } from '../ast';
import type { FloatHistogram } from '../histogram/float-histogram';
import type { Labels } from '../labels';
import { MemoryStorage } from '../memory-storage';
import type { Storage } from '../storage';
import { classicToNhcb } from './nhcb-conversion';
import type { LoadCommand } from './script';

/** A storage the runner can fill, so the same scripts can test any Storage implementation. */
export interface LoadableStorage extends Storage {
  /** Appends a float sample; each series receives its samples in time order. */
  append(labels: Labels, t: number, v: number): void | Promise<void>;
  /** Appends a native-histogram sample, in time order with the series' floats. */
  appendHistogram(labels: Labels, t: number, h: FloatHistogram): void | Promise<void>;
  /** Appends a staleness marker. */
  appendStale(labels: Labels, t: number): void | Promise<void>;
  /** Removes all series (the scripts' `clear`). */
  clear(): void | Promise<void>;
}

export class TestStorage implements Storage {
  constructor(private readonly storage: LoadableStorage = new MemoryStorage()) {}

  async clear(): Promise<void> {
    await this.storage.clear();
  }

  async load(cmd: LoadCommand): Promise<void> {
    // Converted first: a conversion error fails the load before anything is stored.
    const converted = cmd.withNhcb ? classicToNhcb(cmd.series, cmd.interval) : [];
    for (const s of cmd.series) {
      for (const [i, v] of s.values.entries()) {
        const t = i * cmd.interval;
        if (v.kind === 'value') await this.storage.append(s.labels, t, v.value);
        else if (v.kind === 'stale') await this.storage.appendStale(s.labels, t);
        else if (v.kind === 'histogram') {
          await this.storage.appendHistogram(s.labels, t, v.histogram);
        }
      }
    }
    for (const c of converted)
      for (const { t, h } of c.samples) await this.storage.appendHistogram(c.labels, t, h);
  }

  select(matchers: readonly LabelMatcher[], minT: number, maxT: number) {
    return this.storage.select(matchers, minT, maxT);
  }
}
