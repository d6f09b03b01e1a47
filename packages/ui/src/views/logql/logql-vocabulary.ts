import { FUNCTIONS } from '@grafana/lezer-logql';

/** A word the editor offers, with a line saying what it does. */
export interface Word {
  label: string;
  info: string;
}

/**
 * LogQL's functions and aggregations as lezer-logql lists them with Grafana's descriptions, less
 * the approximate ones this engine does not evaluate, plus the ones that list leaves out.
 */
export const FUNCTION_WORDS: Word[] = [
  ...FUNCTIONS.filter((f) => !f.label.startsWith('approx_')).map((f) => ({
    label: f.label,
    info: f.documentation ?? f.detail ?? '',
  })),
  { label: 'absent_over_time', info: 'A one-element vector when the range has no lines' },
  { label: 'rate_counter', info: 'Per-second rate of an unwrapped counter over the range' },
  { label: 'sort', info: 'Sort the vector by value, ascending' },
  { label: 'sort_desc', info: 'Sort the vector by value, descending' },
  { label: 'label_replace', info: 'Set a label from a regex match on another label' },
];

/** What may follow a `|` in a log pipeline. */
export const PIPELINE_WORDS: Word[] = [
  { label: 'json', info: 'Parse a JSON line into labels' },
  { label: 'logfmt', info: 'Parse a logfmt line (key=value …) into labels' },
  {
    label: 'regexp',
    info: 'Extract labels with a regex\u2019s named groups: regexp "(?P<name>…)"',
  },
  { label: 'pattern', info: 'Extract labels with a pattern: pattern "<ip> - <_> <status>"' },
  { label: 'unpack', info: 'Unpack labels packed by Promtail\u2019s pack stage' },
  { label: 'line_format', info: 'Rewrite the line with a template: line_format "{{.label}}"' },
  { label: 'label_format', info: 'Rename or set labels: label_format new=old' },
  { label: 'decolorize', info: 'Strip ANSI colour codes from the line' },
  { label: 'drop', info: 'Drop labels: drop a, b' },
  { label: 'keep', info: 'Keep only these labels: keep a, b' },
  { label: 'unwrap', info: 'Use a label\u2019s value as the sample of a metric query' },
];
