/**
 * get_trace's nodes: one per span, except that repeated siblings (the same service and name
 * under the same parent, none of them failed nor on the slowest path, and the same shape below
 * them) become one node with their count, total and longest duration. A loop of fifty identical
 * database calls reads as one line.
 */
import { type AttributeValue, keyAttributes } from './key-attributes.js';
import type { SpanNode, SpanStatus } from './span-tree.js';

export interface TreeNode {
  spanId: string;
  service: string;
  name: string;
  /** From the trace's start. */
  startMs: number;
  /** A collapsed node's is the longest of its spans. */
  durationMs: number;
  status: SpanStatus;
  /** The key attributes (key-attributes.ts); a collapsed node's are those all its spans share. */
  attributes: Record<string, AttributeValue>;
  error?: true;
  slowest?: true;
  /** Set on a collapsed node: how many siblings it stands for, and their summed duration. */
  count?: number;
  totalMs?: number;
  /** Spans below this node that the answer leaves out (tree-budget.ts). */
  spansOmitted?: number;
  children: TreeNode[];
}

/** A node before the budget: the spans it stands for, and its priority. */
export interface DraftNode {
  node: Omit<TreeNode, 'children'>;
  children: DraftNode[];
  /** Spans it stands for, those below it included. */
  spans: number;
  /** Spans below its first span, drafted or not (below the deepest level drafted). */
  below: number;
  /** On the slowest path or failed, or above such a node: shown first. */
  marked: boolean;
}

const ms = (micros: number) => micros / 1000;

/**
 * The shape of each span that may be collapsed (its service, name, status and its children's
 * shapes), from the leaves up, as a number: alike spans have the same one, and a shape's key
 * stays short however large the subtree. A span that must stay on its own has none.
 */
export function shapesOf(topDown: SpanNode[], slowest: Set<SpanNode>): Map<SpanNode, number> {
  const ids = new Map<string, number>();
  const shapes = new Map<SpanNode, number>();
  for (let i = topDown.length - 1; i >= 0; i--) {
    const node = topDown[i] as SpanNode;
    if (node.failed || slowest.has(node)) continue;
    const below = node.children.map((child) => shapes.get(child));
    const key = JSON.stringify([node.service, node.span.operationName, node.status, below]);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    shapes.set(node, id);
  }
  return shapes;
}

function common(all: Record<string, AttributeValue>[]): Record<string, AttributeValue> {
  const [first = {}, ...rest] = all;
  return Object.fromEntries(
    Object.entries(first).filter(([key, value]) => rest.every((other) => other[key] === value)),
  );
}

/** The draft of `group` (spans of one shape, in start order) under a trace that starts at `start`. */
function draftOf(group: SpanNode[], at: Place): DraftNode {
  const { start, slowest } = at;
  const first = group[0] as SpanNode;
  const node: DraftNode['node'] = {
    spanId: first.span.spanID,
    service: first.service,
    name: first.span.operationName,
    startMs: ms(first.span.startTime - start),
    durationMs: ms(group.reduce((longest, one) => Math.max(longest, one.span.duration), 0)),
    status: first.status,
    attributes: common(group.map((one) => keyAttributes(one.span))),
  };
  if (first.status === 'error') node.error = true;
  if (slowest.has(first)) node.slowest = true;
  if (group.length > 1) {
    node.count = group.length;
    node.totalMs = ms(group.reduce((sum, one) => sum + one.span.duration, 0));
  }
  // Below the deepest level an answer can show, spans are only counted (spansOmitted).
  const children =
    at.depth + 1 < at.maxDepth ? draftChildren(first.children, { ...at, depth: at.depth + 1 }) : [];
  return {
    node,
    children,
    spans: group.reduce((sum, one) => sum + one.size, 0),
    below: first.size - 1,
    marked: first.failed || slowest.has(first),
  };
}

/** Where drafts are made: the trace's start (µs), its slowest path and shapes, the depth. */
export interface Place {
  start: number;
  slowest: Set<SpanNode>;
  shapes: Map<SpanNode, number>;
  depth: number;
  maxDepth: number;
}

/** `siblings` as drafts, alike ones merged into their first. */
export function draftChildren(siblings: SpanNode[], at: Place): DraftNode[] {
  const groups = new Map<number | SpanNode, SpanNode[]>();
  for (const sibling of siblings) {
    const key = at.shapes.get(sibling) ?? sibling;
    const group = groups.get(key);
    if (group) group.push(sibling);
    else groups.set(key, [sibling]);
  }
  return [...groups.values()].map((group) => draftOf(group, at));
}
