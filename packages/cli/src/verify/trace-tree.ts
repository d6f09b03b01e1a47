/** Whether a Jaeger trace is whole: one root, every parent present, the spans per service. */
import type { JaegerSpan, JaegerTrace } from './jaeger-api.js';

export interface TraceShape {
  traceId: string;
  spanCount: number;
  /** Span count per service, in the order services first appear. */
  spansByService: Record<string, number>;
  root?: { service: string; operation: string };
  /** The trace's start, microseconds since the epoch. */
  startUs: number;
  durationUs: number;
  problems: string[];
}

/** The parent span id: Jaeger keeps it as the first CHILD_OF reference within the trace. */
export function parentOf(span: JaegerSpan, traceId: string): string | undefined {
  const reference =
    span.references?.find((ref) => ref.refType === 'CHILD_OF' && ref.traceID === traceId) ??
    span.references?.find((ref) => ref.traceID === traceId);
  return reference?.spanID;
}

export function traceShape(trace: JaegerTrace): TraceShape {
  const ids = new Set(trace.spans.map((span) => span.spanID));
  const spansByService: Record<string, number> = {};
  const roots: JaegerSpan[] = [];
  const orphans: JaegerSpan[] = [];
  const serviceOf = (span: JaegerSpan) => trace.processes[span.processID]?.serviceName ?? '?';
  for (const span of trace.spans) {
    const service = serviceOf(span);
    spansByService[service] = (spansByService[service] ?? 0) + 1;
    const parent = parentOf(span, trace.traceID);
    if (parent === undefined) roots.push(span);
    else if (!ids.has(parent)) orphans.push(span);
  }
  const problems: string[] = [];
  if (ids.size !== trace.spans.length) problems.push('span ids repeat');
  if (roots.length !== 1) problems.push(`${roots.length} root spans, not one`);
  for (const orphan of orphans.slice(0, 3)) {
    problems.push(
      `${serviceOf(orphan)} ${orphan.operationName}'s parent ${parentOf(orphan, trace.traceID)} is not in the trace`,
    );
  }
  if (orphans.length > 3) problems.push(`${orphans.length - 3} more spans without their parent`);
  const starts = trace.spans.map((span) => span.startTime);
  const ends = trace.spans.map((span) => span.startTime + span.duration);
  const startUs = starts.length > 0 ? Math.min(...starts) : 0;
  const root = roots.length === 1 && roots[0] ? roots[0] : undefined;
  return {
    traceId: trace.traceID,
    spanCount: trace.spans.length,
    spansByService,
    root: root && { service: serviceOf(root), operation: root.operationName },
    startUs,
    durationUs: ends.length > 0 ? Math.max(...ends) - startUs : 0,
    problems,
  };
}

export interface OrderTraceRule {
  minSpans: number;
  services: readonly string[];
}

/** What keeps a well-formed trace from being the lab's order trace, beyond `traceShape`'s problems. */
export function orderTraceProblems(shape: TraceShape, rule: OrderTraceRule): string[] {
  const problems = [...shape.problems];
  if (shape.spanCount < rule.minSpans) {
    problems.push(`${shape.spanCount} spans, fewer than ${rule.minSpans}`);
  }
  const missing = rule.services.filter((service) => !shape.spansByService[service]);
  if (missing.length > 0) problems.push(`no spans from ${missing.join(' or ')}`);
  return problems;
}

/** The newest trace that meets the rule, else the newest with what is wrong with it. */
export function pickOrderTrace(
  traces: readonly JaegerTrace[],
  rule: OrderTraceRule,
): { shape: TraceShape; problems: string[] } | undefined {
  const judged = traces
    .map(traceShape)
    .sort((a, b) => b.startUs - a.startUs)
    .map((shape) => ({ shape, problems: orderTraceProblems(shape, rule) }));
  return judged.find((entry) => entry.problems.length === 0) ?? judged[0];
}

/** "demo-app 6, payment-service 2": services by name, so the line reads the same every run. */
export const describeSpansByService = (shape: TraceShape) =>
  Object.entries(shape.spansByService)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([service, count]) => `${service} ${count}`)
    .join(', ');
