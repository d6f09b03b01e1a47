import type { SpanNode, SpanTree } from './span-tree.js';

/** A stretch of time (µs since the epoch) during which `id` itself held up the trace. */
export interface CriticalSegment {
  id: string;
  start: number;
  end: number;
}

/** Time a span spends outside its children: its duration less the union of their overlaps. */
export function selfTime(node: SpanNode): number {
  const spans = node.children
    .map((c) => [Math.max(c.start, node.start), Math.min(c.end, node.end)] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = node.start;
  for (const [s, e] of spans) {
    if (e <= reach) continue;
    covered += e - Math.max(s, reach);
    reach = e;
  }
  return node.end - node.start - covered;
}

/**
 * The span that spends the most time itself (self time, not duration: the root always lasts
 * longest, but the time goes where no child is running). Ties go to the longer span.
 */
export function slowestSpan(tree: SpanTree): SpanNode | undefined {
  let best: SpanNode | undefined;
  let bestSelf = -1;
  for (const node of tree.order) {
    const self = selfTime(node);
    if (
      self > bestSelf ||
      (self === bestSelf && best && node.end - node.start > best.end - best.start)
    ) {
      best = node;
      bestSelf = self;
    }
  }
  return best;
}

export function errorSpans(tree: SpanTree): SpanNode[] {
  return tree.order.filter((node) => node.isError);
}

/**
 * The critical path: walking back from the end of the longest root, at each moment the span
 * that was running and whose child (if any) finished last. A parent's children are taken from
 * the last to finish; a child that started after the cursor ran in parallel and is off the path.
 */
export function criticalPath(tree: SpanTree): CriticalSegment[] {
  const root = tree.roots.reduce<SpanNode | undefined>(
    (best, r) => (!best || r.end - r.start > best.end - best.start ? r : best),
    undefined,
  );
  if (!root) return [];
  const segments: CriticalSegment[] = [];
  const work: { node: SpanNode; until: number }[] = [{ node: root, until: root.end }];
  while (work.length > 0) {
    const { node, until } = work.pop() as { node: SpanNode; until: number };
    let cursor = Math.min(until, node.end);
    const children = [...node.children].sort((a, b) => b.end - a.end);
    for (const child of children) {
      if (cursor <= node.start) break;
      if (child.start >= cursor || child.end <= node.start) continue;
      const childEnd = Math.min(child.end, cursor);
      if (childEnd < cursor) segments.push({ id: node.id, start: childEnd, end: cursor });
      work.push({ node: child, until: childEnd });
      cursor = Math.max(child.start, node.start);
    }
    if (cursor > node.start) segments.push({ id: node.id, start: node.start, end: cursor });
  }
  return segments.sort((a, b) => a.start - b.start);
}
