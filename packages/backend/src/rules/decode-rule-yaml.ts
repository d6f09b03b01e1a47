import { isAlias, isMap, isScalar, LineCounter, type Node, parseAllDocuments, Scalar } from 'yaml';
import { parsePrometheusDuration } from './prometheus-duration';

/**
 * Strict decoding of a rule file's YAML into groups and rules with their positions, as Prometheus's
 * yaml.v3 decoder with KnownFields does: unknown fields, wrong types and bad durations are errors,
 * and only the first YAML document counts. Validation of the values happens afterwards.
 */

export interface Position {
  line: number;
  column: number;
}
export interface PlacedString {
  value: string;
  at: Position;
}
export interface DecodeError {
  at?: Position;
  message: string;
}

export interface RawRule {
  at: Position;
  record?: PlacedString;
  alert?: PlacedString;
  expr?: PlacedString;
  forMs: number;
  keepFiringForMs: number;
  labels: [PlacedString, string][];
  annotations: [PlacedString, string][];
}

export interface RawGroup {
  at: Position;
  name: string;
  intervalMs?: number;
  limit: number;
  queryOffsetMs?: number;
  labels: [PlacedString, string][];
  rules: RawRule[];
}

const GROUP_FIELDS = ['name', 'interval', 'query_offset', 'limit', 'labels', 'rules'];
const RULE_FIELDS = ['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'];
/** What YAML reads as null: a string field left null stays empty, as in Go. */
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const isNullScalar = (node: Scalar) => node.type === Scalar.PLAIN && NULLS.has(String(node.value));

export function decodeRuleYaml(text: string): { groups: RawGroup[]; errors: DecodeError[] } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    schema: 'failsafe',
    lineCounter: lines,
    prettyErrors: false,
  });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (doc === undefined) return { groups: [], errors: [] };
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => {
      const p = lines.linePos(e.pos[0]);
      return { at: { line: p.line, column: p.col }, message: `yaml: ${e.message.split('\n')[0]}` };
    });
    return { groups: [], errors };
  }
  const errors: DecodeError[] = [];
  const pos = (node: Node | null | undefined, fallback: Position): Position => {
    if (!node?.range) return fallback;
    const p = lines.linePos(node.range[0]);
    return { line: p.line, column: p.col };
  };
  const resolve = (node: unknown): Node | null =>
    isAlias(node) ? (node.resolve(doc) ?? null) : ((node as Node | null) ?? null);
  const typeError = (node: Node, into: string, at: Position) => {
    const kind = isMap(node) ? '!!map' : isScalar(node) ? `!!str \`${node.value}\`` : '!!seq';
    errors.push({ at, message: `cannot unmarshal ${kind} into ${into}` });
  };

  /** The mapping's fields by name; unknown fields and a non-mapping are errors. */
  const fields = (node: Node | null, type: string, known: string[], at: Position) => {
    const out = new Map<string, { node: Node | null; at: Position }>();
    if (node === null || (isScalar(node) && isNullScalar(node))) return out;
    if (!isMap(node)) {
      typeError(node, type, pos(node, at));
      return out;
    }
    for (const pair of node.items) {
      const key = String(isScalar(pair.key) ? pair.key.value : '');
      const keyAt = pos(pair.key as Node, at);
      if (!known.includes(key))
        errors.push({ at: keyAt, message: `field ${key} not found in type ${type}` });
      else out.set(key, { node: resolve(pair.value), at: keyAt });
    }
    return out;
  };
  const scalarText = (node: Node | null, at: Position, into = 'string'): string => {
    if (node === null) return '';
    if (!isScalar(node)) {
      typeError(node, into, pos(node, at));
      return '';
    }
    const value = String(node.value);
    return isNullScalar(node) ? '' : value;
  };
  /** yaml.Node fields (record, alert, expr): any node is accepted; a non-scalar one reads as empty. */
  const placed = (
    field: { node: Node | null; at: Position } | undefined,
  ): PlacedString | undefined => {
    if (!field) return undefined;
    const at = pos(field.node, field.at);
    const node = field.node;
    const value = isScalar(node) && !isNullScalar(node) ? String(node.value) : '';
    return { value, at };
  };
  /** An int field: yaml.v3 takes any plain number (1_000, 0x10, 1.5 truncated), not a quoted one. */
  const integer = (field: { node: Node | null; at: Position } | undefined): number => {
    if (!field || field.node === null) return 0;
    const node = field.node;
    const text = scalarText(node, field.at, 'int');
    const n = Number(text.replaceAll('_', ''));
    if (text === '' || (isScalar(node) && node.type === Scalar.PLAIN && Number.isFinite(n)))
      return Math.trunc(n);
    if (isScalar(node))
      errors.push({
        at: pos(node, field.at),
        message: `cannot unmarshal !!str \`${text}\` into int`,
      });
    return 0;
  };
  const duration = (field: { node: Node | null; at: Position } | undefined): number | undefined => {
    // yaml.v3 leaves a null duration at zero without calling its parser.
    if (!field || field.node === null || (isScalar(field.node) && isNullScalar(field.node)))
      return undefined;
    const text = scalarText(field.node, field.at);
    const ms = parsePrometheusDuration(text);
    if (ms instanceof Error) errors.push({ at: pos(field.node, field.at), message: ms.message });
    return ms instanceof Error ? undefined : ms;
  };
  const stringMap = (
    field: { node: Node | null; at: Position } | undefined,
  ): [PlacedString, string][] => {
    if (!field || field.node === null) return [];
    const node = field.node;
    if (isScalar(node) && isNullScalar(node)) return [];
    if (!isMap(node)) {
      typeError(node, 'map[string]string', pos(node, field.at));
      return [];
    }
    return node.items.map((pair) => {
      const keyAt = pos(pair.key as Node, field.at);
      const key = scalarText(resolve(pair.key), keyAt);
      return [{ value: key, at: keyAt }, scalarText(resolve(pair.value), keyAt)];
    });
  };
  const sequence = (
    field: { node: Node | null; at: Position } | undefined,
    into: string,
  ): (Node | null)[] => {
    if (!field || field.node === null) return [];
    const node = field.node;
    if (isScalar(node) && isNullScalar(node)) return [];
    if (!('items' in node) || isMap(node)) {
      typeError(node, into, pos(node, field.at));
      return [];
    }
    // yaml.v3 drops null elements when decoding a slice, so `- ~` or a bare `-` is no group or rule.
    return (node.items as unknown[])
      .map(resolve)
      .filter((n) => !(n === null || (isScalar(n) && isNullScalar(n))));
  };

  const top = fields(resolve(doc.contents), 'rulefmt.RuleGroups', ['groups'], {
    line: 1,
    column: 1,
  });
  const groups = sequence(top.get('groups'), '[]rulefmt.RuleGroup').map((groupNode): RawGroup => {
    const at = pos(groupNode, top.get('groups')?.at ?? { line: 1, column: 1 });
    const g = fields(groupNode, 'rulefmt.RuleGroup', GROUP_FIELDS, at);
    const limit = integer(g.get('limit'));
    const rules = sequence(g.get('rules'), '[]rulefmt.RuleNode').map((ruleNode): RawRule => {
      const ruleAt = pos(ruleNode, at);
      const r = fields(ruleNode, 'rulefmt.RuleNode', RULE_FIELDS, ruleAt);
      return {
        at: ruleAt,
        record: placed(r.get('record')),
        alert: placed(r.get('alert')),
        expr: placed(r.get('expr')),
        forMs: duration(r.get('for')) ?? 0,
        keepFiringForMs: duration(r.get('keep_firing_for')) ?? 0,
        labels: stringMap(r.get('labels')),
        annotations: stringMap(r.get('annotations')),
      };
    });
    const nameField = g.get('name');
    return {
      at,
      name: nameField ? scalarText(nameField.node, nameField.at) : '',
      intervalMs: duration(g.get('interval')),
      limit,
      queryOffsetMs: duration(g.get('query_offset')),
      labels: stringMap(g.get('labels')),
      rules,
    };
  });
  return { groups, errors };
}
