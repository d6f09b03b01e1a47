/** Check 2: a recent order trace spans both services, with every parent link whole. */
import { type JaegerTrace, searchTraces } from '../jaeger-api.js';
import { PENDING } from '../pending.js';
import { type CheckResult, checkOf, fail, pass } from '../result.js';
import { ago } from '../sample-text.js';
import { describeSpansByService, pickOrderTrace, type TraceShape } from '../trace-tree.js';
import {
  type CheckContext,
  LAB_SERVICES,
  ORDER_OPERATION,
  RECENT,
  RECENT_MS,
  TRAFFIC_HINT,
} from './context.js';

export const MIN_ORDER_SPANS = 5;
/** How many recent order traces are looked at to find a complete one. */
const CANDIDATES = 20;

/** Every candidate ended so recently that some of its spans may still be on their way. */
const inFlight = (traces: readonly JaegerTrace[], nowMs: number) =>
  traces.every(
    (trace) =>
      Math.max(...trace.spans.map((span) => span.startTime + span.duration)) / 1000 >
      nowMs - PENDING.spans.withinMs,
  );

export interface TracesOutcome {
  result: CheckResult;
  /** The order trace found, complete or not, for the log check. */
  trace?: TraceShape;
}

const title = 'Traces with multiple spans';

export async function checkTraces(context: CheckContext): Promise<TracesOutcome> {
  const { get, sources, nowMs } = context;
  const found = await searchTraces(get, sources.jaeger, {
    service: 'demo-app',
    operation: ORDER_OPERATION,
    startUs: (nowMs - RECENT_MS) * 1000,
    endUs: nowMs * 1000,
    limit: CANDIDATES,
  });
  if ('error' in found)
    return { result: checkOf(2, title, [fail(`order traces: ${found.error}`)]) };
  const picked = pickOrderTrace(found.traces, {
    minSpans: MIN_ORDER_SPANS,
    services: LAB_SERVICES,
  });
  if (!picked) {
    const why = `no ${ORDER_OPERATION} trace from demo-app in ${RECENT}; ${TRAFFIC_HINT}`;
    return { result: checkOf(2, title, [fail(why, PENDING.spans)]) };
  }
  const { shape, problems } = picked;
  const facts = `${shape.spanCount} spans (${describeSpansByService(shape)})`;
  const when = `${(shape.durationUs / 1000).toFixed(0)} ms, ${ago(nowMs - shape.startUs / 1000)}`;
  const evidence =
    problems.length === 0
      ? pass(
          `trace ${shape.traceId}: ${facts}, one root (${shape.root?.service} ${shape.root?.operation}), every parent in the trace; ${when}`,
        )
      : inFlight(found.traces, nowMs)
        ? fail(
            `no complete ${ORDER_OPERATION} trace yet among ${found.traces.length}, all of the last ${PENDING.spans.withinMs / 1000} s: spans may still be on their way; the newest, ${shape.traceId}: ${facts}: ${problems.join('; ')}`,
            PENDING.spans,
          )
        : fail(
            `no complete ${ORDER_OPERATION} trace among ${found.traces.length} in ${RECENT}; the newest, ${shape.traceId}: ${facts}: ${problems.join('; ')}`,
          );
  return { result: checkOf(2, title, [evidence]), trace: shape };
}
