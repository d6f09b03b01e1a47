import { isAlias, isMap, isScalar, LineCounter, type Node, parseAllDocuments, Scalar } from 'yaml';
import { parsePrometheusDuration } from './prometheus-duration';
import { type DecodeError, decodeErrorMessages, repeatedKeyErrors } from './yaml-decode-errors';

/**
 * Strict decoding of a rule file's YAML into groups and rules with their positions, as Prometheus's
 * yaml.v3 decoder with KnownFields does: unknown fields, wrong types and bad durations are errors,
 * and only the first YAML document counts. Validation of the values happens afterwards. The errors
 * are worded as promtool prints them (yaml-decode-errors.ts).
 */

export interface Position {
  line: number;
  column: number;
}
export interface PlacedString {
  value: string;
  at: Position;
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

/**
 * The file's groups, or promtool's messages for it (file aside). With `knownFields` false (Prometheus
 * 3.2+'s --ignore-unknown-fields of promtool test rules) unknown fields are skipped, not refused.
 */
export function decodeRuleYaml(
  text: string,
  knownFields = true,
): { groups: RawGroup[]; errors: string[] } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    schema: 'failsafe',
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: false, // repeated keys are reported below, in yaml.v3's words
  });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (doc === undefined) return { groups: [], errors: [] };
  if (doc.errors.length > 0) {
    // The parser is not libyaml, so only the shape of its message is promtool's.
    const e = doc.errors[0] as (typeof doc.errors)[number];
    const { line } = lines.linePos(e.pos[0]);
    return { groups: [], errors: [`yaml: line ${line}: ${e.message.split('\n')[0]}`] };
  }
  const errors: DecodeError[] = [];
  // Prometheus decodes the file a second time into its unexported ruleGroups (groups as raw nodes),
  // and promtool prints that decoding's top-level errors as well.
  const second: DecodeError[] = [];
  const pos = (node: Node | null | undefined, fallback: Position): Position => {
    if (!node?.range) return fallback;
    const p = lines.linePos(node.range[0]);
    return { line: p.line, column: p.col };
  };
  const resolve = (node: unknown): Node | null =>
    isAlias(node) ? (node.resolve(doc) ?? null) : ((node as Node | null) ?? null);
  const typeError = (node: Node, into: string, at: Position) => {
    const kind = isMap(node) ? '!!map' : isScalar(node) ? `!!str \`${node.value}\`` : '!!seq';
    return { at, message: `cannot unmarshal ${kind} into ${into}` };
  };
  const repeatedKeys = (node: Node) =>
    isMap(node) ? repeatedKeyErrors(node, (key) => pos(key, { line: 0, column: 0 })) : [];

  /** The mapping's fields by name; unknown fields and a non-mapping are errors. */
  const fields = (node: Node | null, type: string, known: string[], at: Position) => {
    const out = new Map<string, { node: Node | null; at: Position }>();
    if (node === null || (isScalar(node) && isNullScalar(node))) return out;
    if (!isMap(node)) {
      errors.push(typeError(node, type, pos(node, at)));
      return out;
    }
    const repeated = repeatedKeys(node);
    errors.push(...repeated);
    if (repeated.length > 0) return out;
    for (const pair of node.items) {
      const key = String(isScalar(pair.key) ? pair.key.value : '');
      const keyAt = pos(pair.key as Node, at);
      if (known.includes(key)) out.set(key, { node: resolve(pair.value), at: keyAt });
      else if (knownFields)
        errors.push({ at: keyAt, message: `field ${key} not found in type ${type}` });
    }
    return out;
  };
  const scalarText = (node: Node | null, at: Position, into = 'string'): string => {
    if (node === null) return '';
    if (!isScalar(node)) {
      errors.push(typeError(node, into, pos(node, at)));
      return '';
    }
    const value = String(node.value);
    return isNullScalar(node) ? '' : value;
  };
  /**
   * yaml.Node fields (record, alert, expr): any node is accepted; a non-scalar one reads as empty,
   * a null scalar as its text (`~`, `null`), as the node's Value holds it.
   */
  const placed = (
    field: { node: Node | null; at: Position } | undefined,
  ): PlacedString | undefined => {
    if (!field) return undefined;
    const at = pos(field.node, field.at);
    const node = field.node;
    const value = isScalar(node) ? String(node.value) : '';
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
    if (ms instanceof Error)
      errors.push({ at: pos(field.node, field.at), message: ms.message, fatal: true });
    return ms instanceof Error ? undefined : ms;
  };
  const stringMap = (
    field: { node: Node | null; at: Position } | undefined,
  ): [PlacedString, string][] => {
    if (!field || field.node === null) return [];
    const node = field.node;
    if (isScalar(node) && isNullScalar(node)) return [];
    if (!isMap(node)) {
      errors.push(typeError(node, 'map[string]string', pos(node, field.at)));
      return [];
    }
    const repeated = repeatedKeys(node);
    errors.push(...repeated);
    if (repeated.length > 0) return [];
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
      errors.push(typeError(node, into, pos(node, field.at)));
      return [];
    }
    // yaml.v3 drops null elements when decoding a slice, so `- ~` or a bare `-` is no group or rule.
    return (node.items as unknown[])
      .map(resolve)
      .filter((n) => !(n === null || (isScalar(n) && isNullScalar(n))));
  };

  const start = { line: 1, column: 1 };
  const contents = resolve(doc.contents);
  const top = fields(contents, 'rulefmt.RuleGroups', ['groups'], start);
  if (contents !== null && !(isScalar(contents) && isNullScalar(contents))) {
    if (!isMap(contents))
      second.push(typeError(contents, 'rulefmt.ruleGroups', pos(contents, start)));
    else second.push(...repeatedKeys(contents));
    const groupsField = top.get('groups');
    const groupsNode = groupsField?.node;
    if (groupsNode && !(isScalar(groupsNode) && isNullScalar(groupsNode)))
      if (!('items' in groupsNode) || isMap(groupsNode))
        second.push(typeError(groupsNode, '[]yaml.Node', pos(groupsNode, groupsField.at)));
  }
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
  const messages = decodeErrorMessages(errors, second);
  return { groups: messages.length > 0 ? [] : groups, errors: messages };
}
