import type { LogsState } from '../logs/logs-state.js';

/** A LogQL string literal: double quotes, with `\` and `"` escaped, newlines as \n. */
export const logqlString = (value: string) =>
  `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const escapeRegex = (text: string) => text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');

/** An attribute key as Loki names it: every character outside [a-zA-Z0-9_] becomes `_`. */
const labelName = (key: string) => {
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `key_${name}` : name;
};

/** detected_level values at or above a minimum severity of the filter form. */
const LEVELS_FROM: Record<string, string> = {
  TRACE: '',
  DEBUG: 'debug|info|warn|error|fatal|critical',
  INFO: 'info|warn|error|fatal|critical',
  WARN: 'warn|error|fatal|critical',
  ERROR: 'error|fatal|critical',
  FATAL: 'fatal|critical',
};

/**
 * The filter form's search as a LogQL query, so switching to LogQL starts from what was shown:
 * the service as the stream selector, the text as a line filter, the rest as label filters on
 * structured metadata (names as Loki derives them from OTLP, docs/loki.md).
 */
export function logqlFromFilters(state: LogsState): string {
  const selector = state.service
    ? `{service_name=${logqlString(state.service)}}`
    : '{service_name=~".+"}';
  const stages: string[] = [];
  // The filter form's text matches in any case.
  if (state.text) stages.push(`|~ ${logqlString(`(?i)${escapeRegex(state.text)}`)}`);
  const levels = LEVELS_FROM[state.minSeverity];
  if (levels) stages.push(`| detected_level=~${logqlString(levels)}`);
  if (state.traceId) stages.push(`| trace_id=${logqlString(state.traceId.toLowerCase())}`);
  for (const [key, value] of state.attrs) {
    if (key) stages.push(`| ${labelName(key)}=${logqlString(value)}`);
  }
  return [selector, ...stages].join(' ');
}
