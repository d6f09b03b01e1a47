/** Label-set edits as Prometheus's labels.Builder makes them: setting a label to '' removes it. */
import { compareCodeUnits, type Labels, seriesKey } from '../../metrics/sample';

/** `base` with each of `changes` set (an empty value deletes the label), sorted again. */
export function setLabels(
  base: Labels,
  changes: Iterable<readonly [string, string]>,
  drop: readonly string[] = [],
): Labels {
  const out = new Map(Object.entries(base));
  for (const name of drop) out.delete(name);
  for (const [name, value] of changes) {
    if (value === '') out.delete(name);
    else out.set(name, value);
  }
  const names = [...out.keys()].sort(compareCodeUnits);
  // fromEntries defines each name as an own property, `__proto__` included.
  return Object.fromEntries(names.map((name) => [name, out.get(name) as string]));
}

/** Whether two samples share a label set, as promql.Vector.ContainsSameLabelset checks. */
export function hasDuplicateLabels(sets: readonly Labels[]): boolean {
  const seen = new Set<string>();
  for (const labels of sets) {
    const key = seriesKey(labels);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}
