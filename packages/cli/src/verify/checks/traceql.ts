/**
 * Check 6: the lab's TraceQL exercise queries answer against the backend's Tempo API: the order
 * trace of check 2 is found by a structural query from demo-app to payment-service, and
 * process_order's p95 is a series. The slow and failed payments are shown when there are some.
 */
import { PENDING, type Pending } from '../pending.js';
import { type CheckResult, checkOf, type Evidence, fail, pass, skip } from '../result.js';
import {
  queryTraceqlRange,
  sameTraceId,
  searchTraceql,
  type TempoTrace,
  type TraceqlWindow,
} from '../tempo-api.js';
import type { TraceShape } from '../trace-tree.js';
import { type CheckContext, RECENT, RECENT_MS } from './context.js';

const title = 'Traces found with TraceQL';

/** The queries of docs/lab.md's exercise 6, and the structural one without its status. */
export const TRACEQL = {
  orderCharge:
    '{resource.service.name="demo-app" && name="process_order"} >> {resource.service.name="payment-service" && name="charge"}',
  failedCharges:
    '{resource.service.name="demo-app" && name="process_order"} >> {resource.service.name="payment-service" && name="charge" && status=error}',
  slowPayments: '{name="process_payment" && span.payment.slow=true}',
  orderP95: '{name="process_order"} | quantile_over_time(duration, .95)',
} as const;

const SEARCH_LIMIT = 20;
/** Tempo's start and end are whole seconds: a second either side keeps the trace inside. */
const MARGIN_S = 1;

/** "charge 123 ms": a search answer's first matched span. */
function firstMatch(trace: TempoTrace): string {
  const span = trace.spanSets?.[0]?.spans?.[0];
  if (!span) return 'no matched span listed';
  const ms = Number(span.durationNanos) / 1e6;
  return `${span.name ?? '?'} ${Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : ''}`.trim();
}

async function findsOrderTrace(
  context: CheckContext,
  tempo: string,
  trace: TraceShape,
): Promise<Evidence> {
  const found = await searchTraceql(context.get, tempo, {
    q: TRACEQL.orderCharge,
    startS: trace.startUs / 1e6 - MARGIN_S,
    endS: (trace.startUs + trace.durationUs) / 1e6 + MARGIN_S,
    limit: SEARCH_LIMIT,
  });
  if ('error' in found) return fail(`TraceQL search: ${found.error}`);
  const own = found.traces.find((t) => sameTraceId(t.traceID, trace.traceId));
  if (!own) {
    return fail(
      `${TRACEQL.orderCharge} does not find trace ${trace.traceId} in its time (${found.traces.length} traces answered)`,
    );
  }
  return pass(`${TRACEQL.orderCharge} finds trace ${trace.traceId}: ${firstMatch(own)}`);
}

/** A search the lab's data may well have nothing for: some found, or why there may be none. */
async function showsSome(
  context: CheckContext,
  tempo: string,
  q: string,
  what: string,
  whyNone: string,
): Promise<Evidence> {
  const window: TraceqlWindow = {
    q,
    startS: (context.nowMs - RECENT_MS) / 1000,
    endS: context.nowMs / 1000,
  };
  const found = await searchTraceql(context.get, tempo, { ...window, limit: SEARCH_LIMIT });
  if ('error' in found) return fail(`TraceQL search: ${found.error}`);
  const first = found.traces[0];
  if (!first) return skip(`${q}: no ${what} in ${RECENT}; ${whyNone}`);
  const count = found.traces.length === SEARCH_LIMIT ? `${SEARCH_LIMIT}+` : found.traces.length;
  return pass(`${q}: ${count} ${what} in ${RECENT}, e.g. ${first.traceID}: ${firstMatch(first)}`);
}

async function orderP95(context: CheckContext, tempo: string): Promise<Evidence> {
  const found = await queryTraceqlRange(context.get, tempo, {
    q: TRACEQL.orderP95,
    startS: (context.nowMs - RECENT_MS) / 1000,
    endS: context.nowMs / 1000,
    step: '60s',
  });
  if ('error' in found) return fail(`TraceQL metrics: ${found.error}`);
  // Tempo's JSON leaves out a value of 0 (protobuf's default) and writes NaN as "NaN"; an
  // interval without spans has a quantile of 0.
  const samples = found.series
    .flatMap((series) => series.samples ?? [])
    .map((sample) => ({ at: Number(sample.timestampMs), value: Number(sample.value ?? 0) }))
    .filter((sample) => Number.isFinite(sample.value) && sample.value > 0);
  const newest = samples.sort((a, b) => b.at - a.at)[0];
  if (!newest) {
    return fail(`${TRACEQL.orderP95}: no process_order spans in ${RECENT}`, PENDING.spans);
  }
  return pass(
    `${TRACEQL.orderP95}: ${newest.value.toPrecision(3)} s (the newest of ${samples.length} intervals with spans in ${RECENT})`,
  );
}

/** `tracePending`: why check 2 found no trace, when that is data not there yet. */
export async function checkTraceql(
  context: CheckContext,
  trace?: TraceShape,
  tracePending?: Pending,
): Promise<CheckResult> {
  const tempo = context.sources.tempo;
  if ('unavailable' in tempo) return checkOf(6, title, [skip(`not checked: ${tempo.unavailable}`)]);
  return checkOf(
    6,
    title,
    await Promise.all([
      trace
        ? findsOrderTrace(context, tempo.url, trace)
        : Promise.resolve(fail('no order trace to look up (see 2)', tracePending)),
      orderP95(context, tempo.url),
      showsSome(
        context,
        tempo.url,
        TRACEQL.slowPayments,
        'slow payments',
        'one charge in ten is slow (SLOW_PAYMENT_RATE), so a short run may have none',
      ),
      showsSome(
        context,
        tempo.url,
        TRACEQL.failedCharges,
        'orders whose charge failed',
        'start the lab with PAYMENT_FAILURE_RATE=0.2 to have some (exercise 6)',
      ),
    ]),
  );
}
