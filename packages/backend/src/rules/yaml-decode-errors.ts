import { isScalar, type Node, type YAMLMap } from 'yaml';

/**
 * A decoding's errors as Prometheus's yaml.v3 returns them and promtool prints them: unknown fields,
 * wrong types and repeated keys gathered into one `yaml: unmarshal errors:` message with a
 * `line N:` line each, in document order; a bad duration (an error of the field's own parser)
 * instead ends the decoding with only its message, so that nothing else is reported.
 */

export interface DecodeError {
  at: { line: number; column: number };
  message: string;
  /** The field's own parser failed: yaml.v3 stops there. */
  fatal?: true;
}

const byPosition = (a: DecodeError, b: DecodeError) =>
  a.at.line - b.at.line || a.at.column - b.at.column;

function messageOf(errors: DecodeError[]): string[] {
  const sorted = [...errors].sort(byPosition);
  const fatal = sorted.find((e) => e.fatal);
  if (fatal) return [fatal.message];
  if (sorted.length === 0) return [];
  return [
    `yaml: unmarshal errors:\n  ${sorted.map((e) => `line ${e.at.line}: ${e.message}`).join('\n  ')}`,
  ];
}

/** The messages of the KnownFields decoding into RuleGroups, then of the one into raw nodes. */
export function decodeErrorMessages(first: DecodeError[], second: DecodeError[]): string[] {
  return [...messageOf(first), ...messageOf(second)];
}

/** yaml.v3 reports a mapping's repeated keys, and then leaves the whole mapping undecoded. */
export function repeatedKeyErrors(
  map: YAMLMap,
  pos: (key: Node) => DecodeError['at'],
): DecodeError[] {
  const found: DecodeError[] = [];
  map.items.forEach((pair, i) => {
    if (!isScalar(pair.key)) return;
    const key = String(pair.key.value);
    const first = pos(pair.key);
    for (const later of map.items.slice(i + 1)) {
      if (!isScalar(later.key) || String(later.key.value) !== key) continue;
      const message = `mapping key ${JSON.stringify(key)} already defined at line ${first.line}`;
      found.push({ at: pos(later.key), message });
    }
  });
  return found;
}
