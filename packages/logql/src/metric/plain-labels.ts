// A sample's labels when no stage can change them (the pipeline holds only line filters): read from
// the entry's stream labels and structured metadata directly, with the LabelsBuilder's rules (a
// metadata name the stream has gets the _extracted suffix; an empty stream label is absent), without
// building one per entry. The common metric queries (`sum by (level) (count_over_time({...}[1m]))`)
// take this path.
import type { Label, Labels } from '@otel-lab/promql';
import { labelsKey } from '@otel-lab/promql';
import { DUPLICATE_SUFFIX } from '../pipeline/labels-builder';
import type { LogEntry } from '../storage';

export interface KeyedLabels {
  readonly key: string;
  readonly labels: Labels;
}

export type PlainGrouping = (entry: LogEntry) => KeyedLabels;

const NONE: KeyedLabels = { key: '', labels: [] };

/**
 * Undefined when the grouping needs the builder's corner cases (a name with the _extracted suffix or
 * an error label), which the general path handles.
 */
export function plainGrouping(
  noLabels: boolean,
  groups: readonly string[] | undefined,
  without: boolean,
): PlainGrouping | undefined {
  if (noLabels) return () => NONE;
  if (groups === undefined || groups.length === 0) return all;
  if (groups.some((g) => g.endsWith(DUPLICATE_SUFFIX) || g.startsWith('__error'))) return undefined;
  const names = [...new Set(groups)].sort();
  if (without) {
    const dropped = new Set(names);
    return (entry) => {
      const labels = merged(entry).filter((l) => !dropped.has(l.name));
      return { key: labelsKey(labels), labels };
    };
  }
  // Interned by the grouped values, so the same label set is one object (its key cached).
  const interned = new Map<string, KeyedLabels>();
  return (entry) => {
    let key = '';
    for (const name of names) {
      const v = lookup(entry, name);
      key += v === undefined ? '\u0000' : `\u0001${v}\u0000`;
    }
    let out = interned.get(key);
    if (!out) {
      const labels: Label[] = [];
      for (const name of names) {
        const value = lookup(entry, name);
        if (value !== undefined) labels.push({ name, value });
      }
      out = { key: labelsKey(labels), labels };
      interned.set(key, out);
    }
    return out;
  };
}

function all(entry: LogEntry): KeyedLabels {
  const labels = merged(entry);
  return { key: labelsKey(labels), labels };
}

/** The builder's get(): a stream label (when not empty), else the first metadata label of the name. */
function lookup(entry: LogEntry, name: string): string | undefined {
  for (const l of entry.labels) if (l.name === name) return l.value === '' ? undefined : l.value;
  for (const l of entry.metadata) if (l.name === name) return l.value;
  return undefined;
}

/** Stream labels and metadata as one sorted set, as flattenLabels(builder.result()). */
function merged(entry: LogEntry): Label[] {
  if (entry.metadata.length === 0) return entry.labels as Label[];
  const byName = new Map<string, string>();
  for (const l of entry.labels) byName.set(l.name, l.value);
  for (const l of entry.metadata) {
    // A later label of a name already held (by the stream or the metadata) takes the suffix.
    byName.set(byName.has(l.name) ? l.name + DUPLICATE_SUFFIX : l.name, l.value);
  }
  const out: Label[] = [];
  for (const [name, value] of byName) out.push({ name, value });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
