/** A word the editor offers, with a line saying what it does, and the text it writes. */
export interface Word {
  label: string;
  info: string;
  apply?: string;
}

/** What may follow a `|` in a TraceQL pipeline (Tempo's documented operations). */
export const PIPELINE_WORDS: Word[] = [
  { label: 'count()', info: 'Span sets with more spans than: count() > 3' },
  {
    label: 'avg',
    apply: 'avg(',
    info: 'Average of a field over each span set: avg(duration) > 1s',
  },
  { label: 'min', apply: 'min(', info: 'Least value in each span set: min(duration) < 10ms' },
  { label: 'max', apply: 'max(', info: 'Greatest value in each span set: max(duration) > 2s' },
  { label: 'sum', apply: 'sum(', info: 'Sum over each span set: sum(span.bytes) > 1000' },
  {
    label: 'by',
    apply: 'by(',
    info: 'Regroup the spans into span sets by a field: by(resource.service.name)',
  },
  {
    label: 'select',
    apply: 'select(',
    info: 'Return these fields with each span: select(span.http.route)',
  },
  { label: 'coalesce()', info: 'Merge the span sets of each trace into one' },
  { label: 'rate()', info: 'Metrics: matching spans per second (/api/metrics)' },
  { label: 'count_over_time()', info: 'Metrics: matching spans per step (/api/metrics)' },
  {
    label: 'quantile_over_time',
    apply: 'quantile_over_time(',
    info: 'Metrics: a quantile of a field per step: quantile_over_time(duration, .95)',
  },
];

/**
 * Intrinsics to offer when the tags endpoint cannot answer (an older backend): the ones a
 * condition uses most.
 */
export const FALLBACK_INTRINSICS = [
  'duration',
  'kind',
  'name',
  'rootName',
  'rootServiceName',
  'status',
  'statusMessage',
  'traceDuration',
];
