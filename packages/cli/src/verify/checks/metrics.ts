/** Check 3: the lab's custom metrics have samples and its exercise queries answer with data. */
import { pendingOfQuery } from '../pending.js';
import { finite, instantQuery } from '../prometheus-api.js';
import { type CheckResult, checkOf, type Evidence, fail, pass } from '../result.js';
import { describeSamples, seriesCount } from '../sample-text.js';
import { type CheckContext, RECENT, TRAFFIC_HINT } from './context.js';

/** The original lab's exercise 3, in its order, and what each shows. */
export const LAB_QUERIES = [
  { query: 'app_requests_total', label: 'lab query 1' },
  { query: 'app_request_duration_seconds_bucket', label: 'lab query 2' },
  { query: 'app_active_requests', label: 'custom metric' },
  {
    query: 'histogram_quantile(0.95, rate(app_request_duration_seconds_bucket[5m]))',
    label: 'lab query 3',
    unit: 's',
  },
] as const;

async function run(
  context: CheckContext,
  entry: { query: string; label: string; unit?: string },
): Promise<Evidence> {
  const head = `${entry.label} ${entry.query}`;
  const answer = await instantQuery(context.get, context.sources.prometheus, entry.query);
  if ('error' in answer) return fail(`${head}: ${answer.error}`);
  const values = finite(answer.samples);
  if (values.length === 0) {
    const none = answer.samples.length === 0 ? `no samples in ${RECENT}` : 'only NaN (no requests)';
    return fail(`${head}: ${none}; ${TRAFFIC_HINT}`, pendingOfQuery(entry.query));
  }
  // A histogram's buckets are many; its +Inf buckets carry the request counts.
  const shown = entry.query.endsWith('_bucket')
    ? values.filter((sample) => sample.metric.le === '+Inf')
    : values;
  const unit = 'unit' in entry ? { unit: entry.unit } : {};
  return pass(`${head}: ${seriesCount(values.length)}: ${describeSamples(shown, unit)}`);
}

export async function checkMetrics(context: CheckContext): Promise<CheckResult> {
  const evidence = await Promise.all(LAB_QUERIES.map((entry) => run(context, entry)));
  return checkOf(3, 'Custom metrics and the lab queries', evidence);
}
