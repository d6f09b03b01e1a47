import type { SpanNode } from './span-tree.js';

/** What a key does in the waterfall; undefined when the key is not the waterfall's. */
export type WaterfallAction =
  | { kind: 'focus'; id: string }
  | { kind: 'toggle'; id: string }
  | { kind: 'open'; id: string }
  | { kind: 'none' };

/**
 * ↑ ↓ move between visible rows, ← collapses an open span or goes to the parent, → expands a
 * collapsed span or goes to the first child, Enter opens the details. With no row focused, any
 * of them starts at the first row.
 */
export function waterfallKey(
  key: string,
  rows: readonly SpanNode[],
  focusedId: string | undefined,
  collapsed: ReadonlySet<string>,
): WaterfallAction | undefined {
  const at = rows.findIndex((node) => node.id === focusedId);
  const node = rows[at];
  const focus = (to: SpanNode | null | undefined): WaterfallAction =>
    to ? { kind: 'focus', id: to.id } : { kind: 'none' };
  if (!['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Enter'].includes(key)) return undefined;
  if (!node) return focus(rows[0]);
  switch (key) {
    case 'ArrowDown':
      return focus(rows[Math.min(at + 1, rows.length - 1)]);
    case 'ArrowUp':
      return focus(rows[Math.max(at - 1, 0)]);
    case 'ArrowLeft':
      return node.children.length > 0 && !collapsed.has(node.id)
        ? { kind: 'toggle', id: node.id }
        : focus(node.parent);
    case 'ArrowRight':
      return collapsed.has(node.id) ? { kind: 'toggle', id: node.id } : focus(node.children[0]);
    default:
      return { kind: 'open', id: node.id };
  }
}
