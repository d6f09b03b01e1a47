// The input of histogram_quantile(s) and histogram_fraction split into native-histogram samples and
// classic histograms (float series grouped by their labels without `le`), as Prometheus does.
import { type Labels, labelsKey } from '../labels';
import type { Bucket } from './histogram-buckets';
import type { Sample, Vector } from './values';

export interface ClassicHistogram {
  metric: Labels;
  buckets: Bucket[];
}

export interface HistogramInputs {
  natives: Sample[];
  classics: ClassicHistogram[];
}

export type AnnotateWarning = (message: string) => void;

function forMetricName(metric: Labels): string {
  const name = metric.find((l) => l.name === '__name__')?.value;
  return name ? ` for metric name ${JSON.stringify(name)}` : '';
}

/**
 * Floats without a parsable `le` are left out with a warning. A native histogram with the same
 * labels as a classic one (its `le` aside) at the same step is ambiguous: both are left out with
 * the "mix of classic and native histograms" warning.
 */
export function splitHistogramInputs(vec: Vector, warn: AnnotateWarning): HistogramInputs {
  const groups = new Map<string, ClassicHistogram>();
  let natives: Sample[] = [];
  for (const s of vec) {
    if (s.h) {
      natives.push(s);
      continue;
    }
    const le = s.metric.find((l) => l.name === 'le')?.value;
    const upperBound = le === undefined ? Number.NaN : parseGoFloat(le);
    if (Number.isNaN(upperBound) && le?.toLowerCase() !== 'nan') {
      warn(
        `bucket label "le" is missing or has a malformed value of ${JSON.stringify(le ?? '')}${forMetricName(s.metric)}`,
      );
      continue;
    }
    const metric = s.metric.filter((l) => l.name !== 'le');
    const key = labelsKey(metric);
    let g = groups.get(key);
    if (!g) {
      g = { metric, buckets: [] };
      groups.set(key, g);
    }
    g.buckets.push({ upperBound, count: s.f });
  }
  if (natives.length > 0 && groups.size > 0) {
    natives = natives.filter((s) => {
      const key = labelsKey(s.metric);
      if (!groups.has(key)) return true;
      warn(`vector contains a mix of classic and native histograms${forMetricName(s.metric)}`);
      groups.delete(key);
      return false;
    });
  }
  return { natives, classics: [...groups.values()] };
}

/** strconv.ParseFloat for bucket bounds: accepts Inf spellings and hex; NaN when unparsable. */
export function parseGoFloat(text: string): number {
  const t = text.trim();
  if (/^[+]?inf(inity)?$/i.test(t)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(t)) return Number.NEGATIVE_INFINITY;
  if (/^[+-]?nan$/i.test(t)) return Number.NaN;
  if (t === '' || !/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(t.replaceAll('_', '')))
    return Number.NaN;
  return Number(t);
}
