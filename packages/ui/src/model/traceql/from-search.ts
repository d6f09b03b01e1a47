import { parseRange } from '../metrics/range.js';
import { parseLogfmt, type SearchState } from '../search-state.js';
import { traceqlField, traceqlString } from './traceql-string.js';
import { DEFAULT_TRACEQL, type TraceqlState } from './url-state.js';

/** A Jaeger form duration (Go's: `100ms`, `1.5s`, `2m`) TraceQL reads the same; else null. */
const duration = (text: string) => (/^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)$/u.test(text) ? text : null);

/**
 * The search form's search as a TraceQL query, so switching to TraceQL starts from what was
 * shown: the service and operation as the root of the condition, the durations, the tags as
 * unscoped attributes (span or resource, as Jaeger's tags match either) and Jaeger's
 * `error=true` as `status = error`. The lookback becomes the range when TraceQL mode has it.
 */
export function traceqlFromSearch(form: SearchState): TraceqlState {
  const conditions: string[] = [];
  if (form.service) conditions.push(`resource.service.name = ${traceqlString(form.service)}`);
  if (form.operation) conditions.push(`name = ${traceqlString(form.operation)}`);
  const min = duration(form.minDuration);
  if (min) conditions.push(`duration >= ${min}`);
  const max = duration(form.maxDuration);
  if (max) conditions.push(`duration <= ${max}`);
  const tags = parseLogfmt(form.tags);
  for (const [key, value] of Object.entries(tags.ok ? tags.tags : {})) {
    if (key === 'error' && value === 'true') conditions.push('status = error');
    else conditions.push(`${traceqlField('', key)} = ${traceqlString(value)}`);
  }
  const query = conditions.length > 0 ? `{ ${conditions.join(' && ')} }` : '';
  const range = parseRange(form.lookback) !== null ? form.lookback : DEFAULT_TRACEQL.range;
  return { ...DEFAULT_TRACEQL, query, range };
}
