// Prometheus's annotation texts (util/annotations) for range functions meeting native histograms.
import type { AnnotationSink } from './annotations';

const quoted = (metricName: string) => JSON.stringify(metricName);

export const mixedFloatsHistograms = (metricName: string) =>
  `encountered a mix of histograms and floats for metric name ${quoted(metricName)}`;

export const notCounter = (metricName: string) =>
  `this native histogram metric is not a counter: ${quoted(metricName)}`;

export const notGauge = (metricName: string) =>
  `this native histogram metric is not a gauge: ${quoted(metricName)}`;

export const mixedExponentialCustom = (metricName: string) =>
  `vector contains a mix of histograms with exponential and custom buckets schemas for metric name ${quoted(metricName)}`;

export const histogramsIgnoredInMixedRange = (metricName: string) =>
  `ignored histograms in a range containing both floats and histograms for metric name ${quoted(metricName)}`;

export type HistogramOperation = 'addition' | 'subtraction' | 'aggregation';

export const customBucketsReconciled = (op: HistogramOperation) =>
  `mismatched custom buckets were reconciled during ${op}`;

export const counterResetCollision = (op: HistogramOperation) =>
  `conflicting counter resets during histogram ${op}`;

/** Where a range function reports, with the name of the series it works on. */
export interface RangeNotes {
  readonly metricName: string;
  readonly note: AnnotationSink;
}
