// Tempo's structural span set operators on the spans of one trace. `{L} op {R}` returns the spans
// of R that stand in the relation to some span of L: `>` children, `<` parents, `>>` descendants,
// `<<` ancestors, `~` siblings (never the span itself); the negations (`!>`…) the spans of R
// that do not (all of R when L is empty); the unions (`&>`…) the spans of both sides that do.
import type { SpansetOp } from '../ast';
import type { TraceIndex } from './trace-index';
import type { TraceqlSpan } from './trace-model';

type Spans = readonly TraceqlSpan[];
type Relation = 'child' | 'parent' | 'descendant' | 'ancestor' | 'sibling';
type Mode = 'match' | 'negate' | 'union';

const OPS: Readonly<Partial<Record<SpansetOp, readonly [Relation, Mode]>>> = {
  '>': ['child', 'match'],
  '<': ['parent', 'match'],
  '>>': ['descendant', 'match'],
  '<<': ['ancestor', 'match'],
  '~': ['sibling', 'match'],
  '!>': ['child', 'negate'],
  '!<': ['parent', 'negate'],
  '!>>': ['descendant', 'negate'],
  '!<<': ['ancestor', 'negate'],
  '!~': ['sibling', 'negate'],
  '&>': ['child', 'union'],
  '&<': ['parent', 'union'],
  '&>>': ['descendant', 'union'],
  '&<<': ['ancestor', 'union'],
  '&~': ['sibling', 'union'],
};

export const isStructural = (op: SpansetOp) => OPS[op] !== undefined;

/** The spans `{left} op {right}` returns, in trace order for the unions. */
export function structural(op: SpansetOp, left: Spans, right: Spans, index: TraceIndex): Spans {
  const entry = OPS[op];
  if (!entry) throw new Error(`not a structural operator: ${op}`);
  const [relation, mode] = entry;
  const related = relatedTo(relation, left, index);
  if (mode === 'match') return right.filter(related);
  if (mode === 'negate') return right.filter((s) => !related(s));
  // Union: the right spans related to the left ones, and the left spans in the converse relation.
  const converse = relatedTo(CONVERSE[relation], right, index);
  const chosen = new Set<TraceqlSpan>(right.filter(related));
  for (const s of left) if (converse(s)) chosen.add(s);
  return index.trace.spans.filter((s) => chosen.has(s));
}

const CONVERSE: Readonly<Record<Relation, Relation>> = {
  child: 'parent',
  parent: 'child',
  descendant: 'ancestor',
  ancestor: 'descendant',
  sibling: 'sibling',
};

/** A test: is the span `relation` of some span of `others` (a child of one, a parent of one…)? */
function relatedTo(
  relation: Relation,
  others: Spans,
  index: TraceIndex,
): (span: TraceqlSpan) => boolean {
  switch (relation) {
    case 'child': {
      const ids = new Set(others.map((s) => s.spanId));
      return (s) => s.parentSpanId !== '' && ids.has(s.parentSpanId);
    }
    case 'parent': {
      const parents = new Set(others.map((s) => s.parentSpanId));
      return (s) => parents.has(s.spanId);
    }
    case 'descendant': {
      const set = new Set(others);
      const limit = index.trace.spans.length;
      return (s) => {
        let p = index.parent(s);
        // The step limit guards against a parent cycle in bad data.
        for (let steps = 0; p && steps < limit; steps++, p = index.parent(p))
          if (set.has(p)) return true;
        return false;
      };
    }
    case 'ancestor': {
      const ancestors = new Set<TraceqlSpan>();
      for (const s of others) {
        for (let p = index.parent(s); p && !ancestors.has(p); p = index.parent(p)) ancestors.add(p);
      }
      return (s) => ancestors.has(s);
    }
    case 'sibling': {
      // Children per parent among `others`; a span is not its own sibling.
      const counts = new Map<string, number>();
      const members = new Set(others);
      for (const s of others)
        if (s.parentSpanId !== '')
          counts.set(s.parentSpanId, (counts.get(s.parentSpanId) ?? 0) + 1);
      return (s) =>
        s.parentSpanId !== '' && (counts.get(s.parentSpanId) ?? 0) - (members.has(s) ? 1 : 0) > 0;
    }
  }
}
