/**
 * What a group's rules read while the group evaluates: the store, with the output of the rules
 * that ran before in the same evaluation laid over it. The group writes that output to the store
 * once, at the end of the evaluation (one durable transaction instead of one per rule); until
 * then later rules still read earlier rules' samples at the evaluation time, as they would
 * had each rule's output been stored before the next rule ran (Prometheus's semantics).
 */
import {
  type FloatHistogram,
  type Label,
  type LabelMatcher,
  labelsFromRecord,
  labelsKey,
  matchesAll,
  type Storage,
  type StoredSeries,
  writeStaleMarker,
} from '@otel-lab/promql';
import type { Labels } from '../../metrics/sample';

/** One series' sample held by the overlay. */
export interface OverlaySample {
  /** The label set as the store takes it. */
  readonly labels: Labels;
  readonly timeMs: number;
  /** One value, a stale marker kept as its exact bit pattern. */
  readonly values: Float64Array;
  readonly stale: boolean;
  /** Set when the sample is a native histogram (`values` then unused). */
  readonly histogram?: FloatHistogram;
}

interface Entry extends OverlaySample {
  /** The label set as the engine reads it. */
  readonly engineLabels: readonly Label[];
}

// Rule output reuses its label objects across evaluations: convert each once.
const engineLabelsOf = new WeakMap<Labels, readonly Label[]>();

function toEngineLabels(labels: Labels): readonly Label[] {
  let converted = engineLabelsOf.get(labels);
  if (converted === undefined) {
    converted = labelsFromRecord(labels);
    engineLabelsOf.set(labels, converted);
  }
  return converted;
}

export class RuleOutputOverlay implements Storage {
  private readonly entries = new Map<string, Entry>();
  /** Keys by metric name: almost every selector names its metric. */
  private readonly byName = new Map<string, Set<string>>();

  constructor(private readonly storage: Storage) {}

  /**
   * Holds a sample (or, with `value` null, a stale marker) for the series at `timeMs`. As
   * Prometheus refuses a second sample for a series and timestamp, a series keeps its first
   * sample; a stale marker only takes a series' place when nothing else was written for it.
   */
  add(labels: Labels, timeMs: number, value: number | null, histogram?: FloatHistogram): void {
    const engineLabels = toEngineLabels(labels);
    const key = labelsKey(engineLabels);
    const held = this.entries.get(key);
    if (held !== undefined && (value === null || !held.stale)) return;
    const values = new Float64Array(1);
    if (value === null) writeStaleMarker(values, 0);
    else values[0] = value;
    const entry: Entry = { labels, engineLabels, timeMs, values, stale: value === null };
    this.entries.set(key, histogram && value !== null ? { ...entry, histogram } : entry);
    const name = labels.__name__ ?? '';
    let named = this.byName.get(name);
    if (named === undefined) {
      named = new Set();
      this.byName.set(name, named);
    }
    named.add(key);
  }

  /** Every sample held, in the order their series were first added. */
  samples(): IterableIterator<OverlaySample> {
    return this.entries.values();
  }

  async select(
    matchers: readonly LabelMatcher[],
    minT: number,
    maxT: number,
  ): Promise<readonly StoredSeries[]> {
    const stored = await this.storage.select(matchers, minT, maxT);
    const held = this.matching(matchers, minT, maxT);
    if (held.size === 0) return stored;
    const out = stored.map((series) => {
      const key = labelsKey(series.labels);
      const entry = held.get(key);
      if (entry === undefined) return series;
      held.delete(key);
      return withEntry(series, entry);
    });
    for (const entry of held.values()) {
      out.push(
        entry.histogram
          ? {
              labels: entry.engineLabels,
              timestamps: [],
              values: new Float64Array(0),
              histograms: { timestamps: [entry.timeMs], values: [entry.histogram] },
            }
          : { labels: entry.engineLabels, timestamps: [entry.timeMs], values: entry.values },
      );
    }
    return out;
  }

  /** The held samples in [minT, maxT] whose series match, by key. */
  private matching(matchers: readonly LabelMatcher[], minT: number, maxT: number) {
    const found = new Map<string, Entry>();
    if (this.entries.size === 0) return found;
    const name = matchers.find((m) => m.name === '__name__' && m.type === '=')?.value;
    const keys = name === undefined ? this.entries.keys() : (this.byName.get(name) ?? []);
    for (const key of keys) {
      const entry = this.entries.get(key) as Entry;
      if (entry.timeMs < minT || entry.timeMs > maxT) continue;
      if (matchesAll(matchers, entry.engineLabels)) found.set(key, entry);
    }
    return found;
  }
}

/** The stored series with the held sample after its samples (stored ones at or after it give way). */
function withEntry(series: StoredSeries, entry: Entry): StoredSeries {
  // Stored samples come before the evaluation's time but for a re-evaluation: count back from the end.
  let before = series.timestamps.length;
  while (before > 0 && (series.timestamps[before - 1] as number) >= entry.timeMs) before--;
  const float = entry.histogram === undefined;
  const timestamps = new Float64Array(before + (float ? 1 : 0));
  for (let i = 0; i < before; i++) timestamps[i] = series.timestamps[i] as number;
  // Typed array to typed array of one type copies bytes: stale markers keep their bit pattern.
  const values = new Float64Array(timestamps.length);
  values.set(series.values.subarray(0, before));
  if (float) {
    timestamps[before] = entry.timeMs;
    values.set(entry.values, before);
  }
  const stored = series.histograms;
  let kept = stored?.timestamps.length ?? 0;
  while (kept > 0 && (stored?.timestamps[kept - 1] as number) >= entry.timeMs) kept--;
  const histogramTimes = Array.from(stored?.timestamps ?? []).slice(0, kept);
  const histograms = (stored?.values ?? []).slice(0, kept);
  if (entry.histogram) {
    histogramTimes.push(entry.timeMs);
    histograms.push(entry.histogram);
  }
  return histogramTimes.length > 0
    ? {
        labels: series.labels,
        timestamps,
        values,
        histograms: { timestamps: histogramTimes, values: histograms },
      }
    : { labels: series.labels, timestamps, values };
}
