/**
 * Turns one scrape's result into samples as Prometheus's scrape loop appends them: target labels
 * attached (honor_labels decides conflicts), repeated series dropped, the synthetic series up,
 * scrape_duration_seconds, scrape_samples_scraped, scrape_samples_post_metric_relabeling and
 * scrape_series_added, and a StaleNaN for every series the previous scrape had and this one has
 * not (all of them when the scrape failed). Pure: no I/O, no clock.
 */
import type { ExposedSample, ParsedExposition } from './exposition.js';
import type { Labels, SampleBatch } from './sample.js';
import { compareCodeUnits, seriesKey } from './sample.js';
import { SampleBatchBuilder } from './sample-batch-builder.js';

export interface ScrapeOutcome {
  timestampMs: number;
  durationSeconds: number;
  /** The parsed body, or undefined when the scrape failed (down, timeout, bad body). */
  exposition: ParsedExposition | undefined;
}

/** One target's memory between scrapes: the series its last scrape wrote. */
export class ScrapeSeriesCache {
  /** Series without explicit timestamps from the last scrape; only they get staleness markers. */
  private previous = new Map<string, Labels>();
  /** Exposition text → labels and key for the last scrape's series; built only when needed. */
  private resolved: Map<string, ResolvedSeries> | undefined;
  /**
   * The last scrape's series in exposition order. Targets expose the same series in the same
   * order scrape after scrape, so comparing with the entry at the same index usually finds the
   * answer without hashing the text. The texts are slices of the last body, so at most one
   * body per target stays in memory.
   */
  private order: { series: string; resolved: ResolvedSeries }[] = [];

  constructor(
    private readonly targetLabels: Labels,
    private readonly honorLabels: boolean,
  ) {}

  /** How many series the last scrape left, for tests and the target view. */
  get seriesCount(): number {
    return this.previous.size;
  }

  /** The batch for one scrape, updating the cache. */
  batchFor(outcome: ScrapeOutcome): SampleBatch {
    const { timestampMs, exposition } = outcome;
    const samples = exposition?.samples ?? [];
    const builder = new SampleBatchBuilder(samples.length + this.previous.size + 5);
    const current = new Map<string, Labels>();
    const explicit = new Set<string>();
    let added = 0;
    const order: { series: string; resolved: ResolvedSeries }[] = new Array(samples.length);
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i] as ExposedSample;
      const same = this.order[i];
      let known = same?.series === sample.series ? same.resolved : this.lookUp(sample.series);
      if (!known) {
        const labels = this.labelsOf(sample);
        known = { labels, key: seriesKey(labels) };
      }
      order[i] = { series: sample.series, resolved: known };
      const { labels, key } = known;
      if (current.has(key) || explicit.has(key)) continue; // Prometheus drops repeats too.
      const exemplars = sample.exemplar ? [sample.exemplar] : undefined;
      if (sample.timestampMs === undefined) {
        current.set(key, labels);
        if (!this.previous.has(key)) added++;
        builder.add(labels, timestampMs, sample.value, exemplars);
      } else {
        explicit.add(key);
        builder.add(labels, sample.timestampMs, sample.value, exemplars);
      }
    }
    for (const [key, labels] of this.previous) {
      if (!current.has(key)) builder.addStale(labels, timestampMs);
    }
    this.previous = current;
    this.order = order;
    this.resolved = undefined;
    for (const meta of exposition?.metadata ?? []) builder.addMetadata(meta);

    const scraped = samples.length;
    this.addReport(builder, timestampMs, {
      up: exposition ? 1 : 0,
      scrape_duration_seconds: outcome.durationSeconds,
      scrape_samples_scraped: scraped,
      scrape_samples_post_metric_relabeling: scraped,
      scrape_series_added: added,
    });
    return builder.build();
  }

  private lookUp(series: string): ResolvedSeries | undefined {
    this.resolved ??= new Map(this.order.map((entry) => [entry.series, entry.resolved]));
    return this.resolved.get(series);
  }

  /** Staleness markers for everything this target wrote, for when the target goes away. */
  staleBatch(timestampMs: number): SampleBatch {
    const builder = new SampleBatchBuilder(this.previous.size + 5);
    for (const labels of this.previous.values()) builder.addStale(labels, timestampMs);
    for (const name of REPORT_NAMES) builder.addStale(this.reportLabels(name), timestampMs);
    this.previous = new Map();
    this.resolved = undefined;
    this.order = [];
    return builder.build();
  }

  private addReport(
    builder: SampleBatchBuilder,
    timestampMs: number,
    values: Record<(typeof REPORT_NAMES)[number], number>,
  ): void {
    for (const name of REPORT_NAMES) {
      builder.add(this.reportLabels(name), timestampMs, values[name]);
    }
  }

  private reportLabels(name: string): Labels {
    return withName(this.targetLabels, name);
  }

  /** The stored label set: exposed labels, the target's labels merged in, sorted. */
  labelsOf(sample: ExposedSample): Labels {
    const merged = new Map<string, string>();
    merged.set('__name__', sample.name);
    const exposed = sample.labels;
    // An empty value means "no such label", except that with honor_labels an exposed empty
    // label still keeps the target's label out, as in Prometheus.
    let exposedEmpty: Set<string> | undefined;
    for (let i = 0; i < exposed.length; i += 2) {
      const value = exposed[i + 1] as string;
      if (value !== '') merged.set(exposed[i] as string, value);
      else {
        exposedEmpty ??= new Set();
        exposedEmpty.add(exposed[i] as string);
      }
    }
    for (const name in this.targetLabels) {
      const value = this.targetLabels[name] as string;
      const clash = merged.get(name);
      if (clash === undefined) {
        if (!(this.honorLabels && exposedEmpty?.has(name))) merged.set(name, value);
      } else if (!this.honorLabels) {
        // The target wins; the exposed value moves to exported_<name> (prefixed until free).
        let exportedName = `exported_${name}`;
        while (merged.has(exportedName)) exportedName = `exported_${exportedName}`;
        merged.set(exportedName, clash);
        merged.set(name, value);
      }
    }
    const names = [...merged.keys()].sort(compareCodeUnits);
    // fromEntries keeps a label named __proto__, which assignment would drop.
    return Object.fromEntries(names.map((name) => [name, merged.get(name) as string]));
  }
}

interface ResolvedSeries {
  labels: Labels;
  key: string;
}

const REPORT_NAMES = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
] as const;

function withName(labels: Labels, name: string): Labels {
  const names = ['__name__', ...Object.keys(labels)].sort(compareCodeUnits);
  const out: Record<string, string> = {};
  for (const n of names) out[n] = n === '__name__' ? name : (labels[n] as string);
  return out;
}
