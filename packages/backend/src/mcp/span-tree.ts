/**
 * The spans of a Jaeger trace as a tree: parents by their CHILD_OF reference, children in start
 * order, spans whose parent is not in the trace as roots; and the slowest path through it.
 */
import type { JaegerSpan, JaegerTrace } from '../query/jaeger/to-jaeger-json.js';

export type SpanStatus = 'ok' | 'error' | 'unset';

export interface SpanNode {
  span: JaegerSpan;
  service: string;
  status: SpanStatus;
  parent?: SpanNode;
  children: SpanNode[];
  /** End in µs since the epoch. */
  end: number;
  /** This span and every span below it. */
  size: number;
  /** Whether this span or one below it failed. */
  failed: boolean;
}

export interface SpanForest {
  roots: SpanNode[];
  /** The trace's root: the first span with no parent reference, else the first root. */
  root: SpanNode;
  /**
   * From the root down, the longest child each time (the one that ends last if two are as long):
   * where the time went. Not the last child to end, which is often a short step after the slow
   * one (the lab's update_inventory after its slow process_payment).
   */
  slowest: Set<SpanNode>;
  all: SpanNode[];
  /** Every node reachable from the roots, level by level: parents before their children. */
  topDown: SpanNode[];
}

export function statusOf(span: JaegerSpan): SpanStatus {
  const code = span.tags.find((tag) => tag.key === 'otel.status_code')?.value;
  return code === 'ERROR' ? 'error' : code === 'OK' ? 'ok' : 'unset';
}

const byStart = (a: SpanNode, b: SpanNode) =>
  a.span.startTime - b.span.startTime || (a.span.spanID < b.span.spanID ? -1 : 1);

/** Sizes and failures, from the leaves up: in loops, as a trace may nest thousands deep. */
function measure(topDown: SpanNode[]): void {
  for (let i = topDown.length - 1; i >= 0; i--) {
    const node = topDown[i] as SpanNode;
    node.size = 1 + node.children.reduce((sum, child) => sum + child.size, 0);
    node.failed = node.status === 'error' || node.children.some((child) => child.failed);
  }
}

/** The tree of a trace with at least one span. */
export function spanForest(trace: JaegerTrace): SpanForest {
  const all = trace.spans.map(
    (span): SpanNode => ({
      span,
      service: trace.processes[span.processID]?.serviceName ?? '',
      status: statusOf(span),
      children: [],
      end: span.startTime + span.duration,
      size: 1,
      failed: false,
    }),
  );
  const byId = new Map<string, SpanNode>();
  for (const node of all) if (!byId.has(node.span.spanID)) byId.set(node.span.spanID, node);
  const roots: SpanNode[] = [];
  for (const node of all) {
    const [ref] = node.span.references;
    const parent = ref?.refType === 'CHILD_OF' ? byId.get(ref.spanID) : undefined;
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
    } else roots.push(node);
  }
  for (const node of all) node.children.sort(byStart);
  roots.sort(byStart);
  const topDown = levels(roots);
  breakCycles(all, roots, topDown);
  measure(topDown);
  const root =
    roots.find((node) => !node.span.references.some((ref) => ref.refType === 'CHILD_OF')) ??
    (roots[0] as SpanNode);
  const slowest = new Set<SpanNode>([root]);
  for (let at = root; at.children.length > 0; ) {
    at = at.children.reduce((best, child) =>
      child.span.duration > best.span.duration ||
      (child.span.duration === best.span.duration && child.end > best.end)
        ? child
        : best,
    );
    slowest.add(at);
  }
  return { roots, root, slowest, all, topDown };
}

/** The nodes under `roots`, level by level. */
function levels(roots: SpanNode[]): SpanNode[] {
  const order = [...roots];
  for (let i = 0; i < order.length; i++) order.push(...(order[i] as SpanNode).children);
  return order;
}

/**
 * Spans that name each other as parents (bad data, but data) are reached from no root: the first
 * of them to start becomes a root, until every span is reached. `roots` and `topDown` grow.
 */
function breakCycles(all: SpanNode[], roots: SpanNode[], topDown: SpanNode[]): void {
  if (topDown.length === all.length) return;
  const reached = new Set(topDown);
  for (const node of [...all].sort(byStart)) {
    if (reached.has(node)) continue;
    const parent = node.parent as SpanNode;
    parent.children.splice(parent.children.indexOf(node), 1);
    node.parent = undefined;
    roots.push(node);
    for (const below of levels([node])) {
      reached.add(below);
      topDown.push(below);
    }
  }
}
