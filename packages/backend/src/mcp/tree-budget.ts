/**
 * Which nodes of a trace's tree an answer holds: at most `maxNodes`, and no more JSON text than
 * `maxChars`. The slowest path and the failed spans (and what lies above them) come first, then
 * the rest level by level, so a cut tree keeps its top and what the question is usually about.
 */
import type { DraftNode, TreeNode } from './collapse-siblings.js';

/** A node's JSON text without its children, and the `"children":[]` and comma around it. */
const costOf = (draft: DraftNode) => JSON.stringify(draft.node).length + 16;

function priorityOrder(roots: DraftNode[]): { draft: DraftNode; parent?: DraftNode }[] {
  const marked: { draft: DraftNode; parent?: DraftNode }[] = [];
  const visit = (draft: DraftNode, parent?: DraftNode) => {
    if (!draft.marked) return;
    marked.push({ draft, parent });
    for (const child of draft.children) visit(child, draft);
  };
  for (const root of roots) visit(root);
  const rest: { draft: DraftNode; parent?: DraftNode }[] = [];
  let level = roots.map((draft) => ({ draft, parent: undefined as DraftNode | undefined }));
  while (level.length > 0) {
    rest.push(...level.filter((entry) => !entry.draft.marked));
    level = level.flatMap(({ draft }) =>
      draft.children.map((child) => ({ draft: child, parent: draft })),
    );
  }
  return [...marked, ...rest];
}

/** The drafts an answer of at most `maxNodes` nodes and `maxChars` characters holds. */
export function selectNodes(
  roots: DraftNode[],
  maxNodes: number,
  maxChars: number,
): Set<DraftNode> {
  const chosen = new Set<DraftNode>();
  let chars = 0;
  for (const { draft, parent } of priorityOrder(roots)) {
    if (parent && !chosen.has(parent)) continue;
    chars += costOf(draft);
    if (chosen.size >= maxNodes || chars > maxChars) break;
    chosen.add(draft);
  }
  return chosen;
}

/** The chosen part of the tree; a node whose children were left out says how many spans. */
export function materialize(drafts: DraftNode[], chosen: Set<DraftNode>): TreeNode[] {
  return drafts
    .filter((draft) => chosen.has(draft))
    .map((draft) => {
      const shown = draft.children
        .filter((child) => chosen.has(child))
        .reduce((sum, child) => sum + child.spans, 0);
      const omitted = draft.below - shown;
      const node: TreeNode = { ...draft.node, children: materialize(draft.children, chosen) };
      if (omitted > 0) node.spansOmitted = omitted;
      return node;
    });
}

/** How many nodes the whole tree has. */
export const countNodes = (drafts: DraftNode[]): number =>
  drafts.reduce((sum, draft) => sum + 1 + countNodes(draft.children), 0);
