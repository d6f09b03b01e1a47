import { formatFloatE, formatLabelPairs, type LabelPairs } from './go-format';

/**
 * The comparisons and texts of promtool's failures: alerts as labels plus annotations, samples
 * as labels plus value, each list sorted as unittest.go sorts it and compared as reflect.DeepEqual
 * compares (exact floats, so NaN never equals NaN).
 */

export interface LabelsAndAnnotations {
  labels: LabelPairs;
  annotations: LabelPairs;
}

export interface ParsedSample {
  labels: LabelPairs;
  value: number;
}

/** labels.Compare: pair by pair, name then value, and a shorter prefix first. */
export function compareLabelPairs(a: LabelPairs, b: LabelPairs): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const [an, av] = a[i] as readonly [string, string];
    const [bn, bv] = b[i] as readonly [string, string];
    if (an !== bn) return an < bn ? -1 : 1;
    if (av !== bv) return av < bv ? -1 : 1;
  }
  return a.length - b.length;
}

export function sortAlerts(alerts: LabelsAndAnnotations[]): LabelsAndAnnotations[] {
  return alerts.sort(
    (x, y) =>
      compareLabelPairs(x.labels, y.labels) || compareLabelPairs(x.annotations, y.annotations),
  );
}

export function sortSamples(samples: ParsedSample[]): ParsedSample[] {
  return samples.sort((x, y) => compareLabelPairs(x.labels, y.labels));
}

const samePairs = (a: LabelPairs, b: LabelPairs) => compareLabelPairs(a, b) === 0;

export function alertsEqual(a: LabelsAndAnnotations[], b: LabelsAndAnnotations[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) =>
        samePairs(x.labels, (b[i] as LabelsAndAnnotations).labels) &&
        samePairs(x.annotations, (b[i] as LabelsAndAnnotations).annotations),
    )
  );
}

export function samplesEqual(a: ParsedSample[], b: ParsedSample[], fuzzy = false): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i] as ParsedSample;
      const sameValue =
        x.value === y.value ||
        (fuzzy &&
          (nextAfter(x.value, -Infinity) === y.value || nextAfter(x.value, Infinity) === y.value));
      return samePairs(x.labels, y.labels) && sameValue;
    })
  );
}

/** Go's math.Nextafter: the float next to `x` towards `y`. */
export function nextAfter(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x === y) return x;
  if (x === 0) return y > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0] = (bits[0] as bigint) + (y > x === x > 0 ? 1n : -1n);
  return new Float64Array(bits.buffer)[0] as number;
}

/** indentLines: every line after the first gets `indent`. */
export function indentLines(lines: string, indent: string): string {
  return lines.split('\n').join(`\n${indent}`);
}

/** labelsAndAnnotations.String(). */
export function formatAlerts(alerts: LabelsAndAnnotations[]): string {
  if (alerts.length === 0) return '[]';
  const items = alerts.map(
    (a, i) =>
      `${i}:${indentLines(`\nLabels:${formatLabelPairs(a.labels)}\nAnnotations:${formatLabelPairs(a.annotations)}`, '  ')}`,
  );
  return `[\n${items.join(',\n')}\n]`;
}

/** parsedSamplesString. */
export function formatSamples(samples: ParsedSample[]): string {
  if (samples.length === 0) return 'nil';
  return samples.map((s) => `${formatLabelPairs(s.labels)} ${formatFloatE(s.value)}`).join(', ');
}
