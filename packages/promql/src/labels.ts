// Label sets: arrays of name/value pairs sorted by name, as Prometheus keeps them.

export interface Label {
  readonly name: string;
  readonly value: string;
}

export type Labels = readonly Label[];

export const metricNameLabel = '__name__';

const separator = '\xff';

/** Builds a sorted label set from a plain object, dropping empty values. */
export function labelsFromRecord(record: Readonly<Record<string, string>>): Labels {
  return sortLabels(
    Object.entries(record)
      .filter(([, value]) => value !== '')
      .map(([name, value]) => ({ name, value })),
  );
}

export function labelsToRecord(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) out[l.name] = l.value;
  return out;
}

export function sortLabels(labels: Label[]): Label[] {
  return labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function getLabel(labels: Labels, name: string): string {
  for (const l of labels) if (l.name === name) return l.value;
  return '';
}

const keys = new WeakMap<Labels, string>();

/** A string identifying the label set, usable as a map key (cached: label sets are immutable). */
export function labelsKey(labels: Labels): string {
  let key = keys.get(labels);
  if (key === undefined) {
    key = '';
    for (const l of labels) key += l.name + separator + l.value + separator;
    keys.set(labels, key);
  }
  return key;
}

/** Key of only the named labels (names must be sorted). */
export function keyWith(labels: Labels, names: ReadonlySet<string>): string {
  let key = '';
  for (const l of labels) if (names.has(l.name)) key += l.name + separator + l.value + separator;
  return key;
}

/** Key of all labels but the named ones. */
export function keyWithout(labels: Labels, names: ReadonlySet<string>): string {
  let key = '';
  for (const l of labels) if (!names.has(l.name)) key += l.name + separator + l.value + separator;
  return key;
}

/** Labels describing the metric itself: they go when a function or operator changes its meaning. */
const metadataLabels = new Set([metricNameLabel, '__type__', '__unit__']);

export function dropMetricName(labels: Labels): Labels {
  return labels.some((l) => metadataLabels.has(l.name))
    ? labels.filter((l) => !metadataLabels.has(l.name))
    : labels;
}

/** Returns a copy with the label set (or removed when value is empty). */
export function setLabel(labels: Labels, name: string, value: string): Labels {
  const out = labels.filter((l) => l.name !== name);
  if (value !== '') {
    out.push({ name, value });
    sortLabels(out);
  }
  return out;
}

/** Orders label sets as Prometheus's labels.Compare does. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as Label;
    const y = b[i] as Label;
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    if (x.value !== y.value) return x.value < y.value ? -1 : 1;
  }
  return a.length - b.length;
}

/** Prints labels as Prometheus does: name{a="b"}. */
export function formatLabels(labels: Labels): string {
  const name = getLabel(labels, metricNameLabel);
  const rest = labels
    .filter((l) => l.name !== metricNameLabel)
    .map((l) => `${l.name}=${JSON.stringify(l.value)}`);
  return `${name}{${rest.join(', ')}}`;
}

/** Prints labels as Go's labels.Labels.String: {__name__="x", a="b"}. */
export function formatLabelsGo(labels: Labels): string {
  return `{${labels.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(', ')}}`;
}
