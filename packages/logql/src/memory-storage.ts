// An in-memory LogStorage for tests and small embeddings: entries kept sorted by time, read with the
// selection's matchers, range, line filters and direction, in batches.
import { type LabelMatcher, type Labels, matchesAll } from '@otel-lab/promql';
import { compileLineFilter } from './pipeline/line-filter';
import type { LineFilter, LogEntry, LogSelection, LogStorage } from './storage';

const BATCH = 256;

export class MemoryLogStorage implements LogStorage {
  private readonly entries: LogEntry[] = [];
  private sorted = true;

  /** Adds entries; labels and metadata are sorted by name here. */
  add(...entries: LogEntry[]): void {
    for (const e of entries) {
      this.entries.push({ ...e, labels: sortLabels(e.labels), metadata: sortLabels(e.metadata) });
    }
    this.sorted = false;
  }

  private all(): readonly LogEntry[] {
    if (!this.sorted) {
      this.entries.sort((a, b) =>
        a.timestampNs < b.timestampNs ? -1 : a.timestampNs > b.timestampNs ? 1 : 0,
      );
      this.sorted = true;
    }
    return this.entries;
  }

  async *select(selection: LogSelection): AsyncIterable<readonly LogEntry[]> {
    const filters = selection.lineFilters.map(toTest);
    const all = this.all();
    const keep = (e: LogEntry) =>
      e.timestampNs >= selection.startNs &&
      e.timestampNs < selection.endNs &&
      matchesAll(selection.matchers, e.labels) &&
      filters.every((f) => f(e.line));
    const forward = selection.direction === 'forward';
    let batch: LogEntry[] = [];
    for (let i = 0; i < all.length; i++) {
      const e = all[forward ? i : all.length - 1 - i] as LogEntry;
      if (!keep(e)) continue;
      batch.push(e);
      if (batch.length >= BATCH) {
        selection.signal?.throwIfAborted();
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  private streams(startNs: bigint, endNs: bigint, matchers: readonly LabelMatcher[]): Labels[] {
    const seen = new Map<string, Labels>();
    for (const e of this.all()) {
      if (e.timestampNs < startNs || e.timestampNs >= endNs) continue;
      if (!matchesAll(matchers, e.labels)) continue;
      seen.set(JSON.stringify(e.labels), e.labels);
    }
    return [...seen.values()];
  }

  async labelNames(
    startNs: bigint,
    endNs: bigint,
    matchers: readonly LabelMatcher[] = [],
  ): Promise<readonly string[]> {
    const names = new Set<string>();
    for (const s of this.streams(startNs, endNs, matchers)) for (const l of s) names.add(l.name);
    return [...names].sort();
  }

  async labelValues(
    name: string,
    startNs: bigint,
    endNs: bigint,
    matchers: readonly LabelMatcher[] = [],
  ): Promise<readonly string[]> {
    const values = new Set<string>();
    for (const s of this.streams(startNs, endNs, matchers)) {
      for (const l of s) if (l.name === name) values.add(l.value);
    }
    return [...values].sort();
  }

  async series(
    matcherSets: readonly (readonly LabelMatcher[])[],
    startNs: bigint,
    endNs: bigint,
  ): Promise<readonly Labels[]> {
    const seen = new Map<string, Labels>();
    for (const set of matcherSets) {
      for (const s of this.streams(startNs, endNs, set)) seen.set(JSON.stringify(s), s);
    }
    return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, s]) => s);
  }
}

function toTest(filter: LineFilter): (line: string) => boolean {
  return compileLineFilter({
    kind: 'lineFilter',
    op: filter.op,
    values: filter.values.map((value) => ({ ip: false, value })),
  });
}

function sortLabels(labels: Labels): Labels {
  return [...labels].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
