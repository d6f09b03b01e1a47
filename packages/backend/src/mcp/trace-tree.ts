/**
 * get_trace's answer: a trace as a compact tree (span-tree.ts, collapse-siblings.ts), with the
 * facts an agent asks first, within MAX_TREE_NODES nodes and the answer cap (tree-budget.ts).
 */
import type { JaegerTrace } from '../query/jaeger/to-jaeger-json.js';
import { draftChildren, shapesOf, type TreeNode } from './collapse-siblings.js';
import { spanForest } from './span-tree.js';
import { ANSWER_CAP } from './tool-answer.js';
import { countNodes, materialize, selectNodes } from './tree-budget.js';

/** The most nodes one tree holds; a collapsed node counts once, whatever its count. */
export const MAX_TREE_NODES = 200;

export const TREE_NARROW =
  'ask get_spans for the spans you need (by spanId), explain_trace_errors for the failed ones';

export interface TraceTree {
  traceId: string;
  rootService: string;
  rootName: string;
  /** When the first span started, ISO 8601. */
  start: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
  /** Nodes in `tree`, and the spans they stand for. */
  nodes: number;
  spansShown: number;
  tree: TreeNode[];
  truncated: boolean;
  narrow?: string;
  /** The Jaeger API's warnings on the trace, e.g. that it was cut to its first 20,000 spans. */
  warnings?: string[];
}

/** Collapsed siblings have one shape: each has the subtree shown under the node. */
const spansIn = (nodes: TreeNode[]): number =>
  nodes.reduce((sum, node) => sum + (node.count ?? 1) * (1 + spansIn(node.children)), 0);

/** The tree of `trace` (at least one span) in at most `maxNodes` nodes and `cap` characters. */
export function traceTree(
  trace: JaegerTrace,
  maxNodes = MAX_TREE_NODES,
  cap = ANSWER_CAP,
): TraceTree {
  const forest = spanForest(trace);
  const start = Math.min(...trace.spans.map((span) => span.startTime));
  const end = Math.max(...forest.all.map((node) => node.end));
  const drafts = draftChildren(forest.roots, {
    start,
    slowest: forest.slowest,
    shapes: shapesOf(forest.topDown, forest.slowest),
    depth: 0,
    maxDepth: maxNodes,
  });
  const warnings = [
    ...(trace.warnings ?? []),
    ...trace.spans.flatMap((span) => span.warnings ?? []),
  ];
  const facts = {
    traceId: trace.traceID,
    rootService: forest.root.service,
    rootName: forest.root.span.operationName,
    start: new Date(start / 1000).toISOString(),
    durationMs: (end - start) / 1000,
    spanCount: trace.spans.length,
    errorCount: forest.all.filter((node) => node.status === 'error').length,
    services: [...new Set(forest.all.map((node) => node.service))].sort(),
  };
  const whole = countNodes(drafts);
  let chars = cap - JSON.stringify(facts).length - TREE_NARROW.length - 200;
  // The estimate of each node's text is close; shrink until the JSON fits (a few rounds at most).
  for (;;) {
    const chosen = selectNodes(drafts, maxNodes, chars);
    const tree = materialize(drafts, chosen);
    const spansShown = spansIn(tree);
    const truncated = chosen.size < whole || spansShown < facts.spanCount;
    const answer: TraceTree = {
      ...facts,
      nodes: chosen.size,
      spansShown,
      tree,
      truncated,
      ...(truncated ? { narrow: TREE_NARROW } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
    if (JSON.stringify(answer).length <= cap || chosen.size === 0) return answer;
    chars = Math.floor(chars * 0.8);
  }
}
