// absent() and absent_over_time() report the labels their selector pins with equality matchers.
import type { Expr, VectorSelector } from '../ast';
import type { Label } from '../labels';

/** absent() reports the labels its selector pins with equality matchers. */
export function absentLabels(arg: Expr): Label[] {
  let sel: VectorSelector | undefined;
  if (arg.kind === 'vectorSelector') sel = arg;
  else if (arg.kind === 'matrixSelector') sel = arg.selector;
  if (!sel) return [];
  const counts = new Map<string, number>();
  for (const m of sel.matchers) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
  const out: Label[] = [];
  for (const m of sel.matchers) {
    if (m.type === '=' && m.name !== '__name__' && counts.get(m.name) === 1) {
      out.push({ name: m.name, value: m.value });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
