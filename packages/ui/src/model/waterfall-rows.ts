import type { SpanNode, SpanTree } from './span-tree.js';

/** The rows the waterfall shows: the tree depth first, without the descendants of collapsed spans. */
export function visibleRows(tree: SpanTree, collapsed: ReadonlySet<string>): SpanNode[] {
  if (collapsed.size === 0) return tree.order;
  const rows: SpanNode[] = [];
  let skipBelowDepth = Number.POSITIVE_INFINITY;
  for (const node of tree.order) {
    if (node.depth > skipBelowDepth) continue;
    skipBelowDepth = collapsed.has(node.id) ? node.depth : Number.POSITIVE_INFINITY;
    rows.push(node);
  }
  return rows;
}

/** Collapsing a span hides its descendants; the ones holding the target stay open. */
export function expandTo(node: SpanNode, collapsed: ReadonlySet<string>): Set<string> {
  const next = new Set(collapsed);
  for (let up = node.parent; up; up = up.parent) next.delete(up.id);
  return next;
}
