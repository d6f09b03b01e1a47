import type { JaegerSpan, JaegerTag, JaegerTrace } from './jaeger-types.js';

export interface SpanNode {
  span: JaegerSpan;
  id: string;
  service: string;
  /** The resource's attributes other than service.name (Jaeger's process tags). */
  resource: JaegerTag[];
  parent: SpanNode | null;
  children: SpanNode[];
  depth: number;
  /** µs since the epoch. */
  start: number;
  end: number;
  isError: boolean;
}

export interface SpanTree {
  traceID: string;
  roots: SpanNode[];
  byId: Map<string, SpanNode>;
  /** Every span, depth first, children by start time: the waterfall's order with nothing collapsed. */
  order: SpanNode[];
  start: number;
  end: number;
  /** Services in order of first appearance in `order`, for stable colours. */
  services: string[];
}

export function isErrorSpan(span: JaegerSpan): boolean {
  return span.tags.some(
    (tag) =>
      (tag.key === 'error' && (tag.value === true || tag.value === 'true')) ||
      (tag.key === 'otel.status_code' && tag.value === 'ERROR'),
  );
}

const byStart = (a: SpanNode, b: SpanNode) => a.start - b.start || (a.id < b.id ? -1 : 1);

/**
 * The span tree of a Jaeger trace. A span's parent is its first CHILD_OF reference that is in the
 * trace; spans whose parent is missing become roots, and so do spans caught in a reference cycle,
 * so every span is shown exactly once. Iterative, so a 10,000-deep chain cannot overflow the stack.
 */
export function buildSpanTree(trace: JaegerTrace): SpanTree {
  const byId = new Map<string, SpanNode>();
  for (const span of trace.spans) {
    if (byId.has(span.spanID)) continue;
    byId.set(span.spanID, {
      span,
      id: span.spanID,
      service: trace.processes[span.processID]?.serviceName ?? span.processID,
      resource: trace.processes[span.processID]?.tags ?? [],
      parent: null,
      children: [],
      depth: 0,
      start: span.startTime,
      end: span.startTime + span.duration,
      isError: isErrorSpan(span),
    });
  }
  const roots: SpanNode[] = [];
  for (const node of byId.values()) {
    const ref = node.span.references.find(
      (r) => r.refType === 'CHILD_OF' && r.spanID !== node.id && byId.has(r.spanID),
    );
    const parent = ref ? byId.get(ref.spanID) : undefined;
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  for (const node of byId.values()) node.children.sort(byStart);
  roots.sort(byStart);

  const order: SpanNode[] = [];
  const visited = new Set<SpanNode>();
  const walk = (root: SpanNode) => {
    const stack: SpanNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop() as SpanNode;
      if (visited.has(node)) continue;
      visited.add(node);
      node.depth = node.parent && visited.has(node.parent) ? node.parent.depth + 1 : 0;
      order.push(node);
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as SpanNode);
    }
  };
  for (const root of roots) walk(root);
  // What is left hangs off a reference cycle: cut it loose as a root.
  for (const node of [...byId.values()].sort(byStart)) {
    if (visited.has(node)) continue;
    if (node.parent) node.parent.children = node.parent.children.filter((c) => c !== node);
    node.parent = null;
    roots.push(node);
    walk(node);
  }

  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const services: string[] = [];
  const seen = new Set<string>();
  for (const node of order) {
    start = Math.min(start, node.start);
    end = Math.max(end, node.end);
    if (!seen.has(node.service)) {
      seen.add(node.service);
      services.push(node.service);
    }
  }
  if (order.length === 0) start = end = 0;
  return { traceID: trace.traceID, roots, byId, order, start, end, services };
}
