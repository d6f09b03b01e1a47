/**
 * An OTLP attribute key as a Loki label name, as Loki's OTLP endpoint writes it (Prometheus's
 * otlptranslator NormalizeLabel): every character outside [a-zA-Z0-9_] becomes `_`, a name that
 * starts with a digit gets `key_` in front, and one that starts with a single `_` gets `key`.
 */
export function lokiLabelName(key: string): string {
  let name = names.get(key);
  if (name === undefined) {
    name = normalise(key);
    // Attribute keys repeat on every record; the cache is bounded against a flood of new ones.
    if (names.size >= MAX_CACHED) names.clear();
    names.set(key, name);
  }
  return name;
}

const MAX_CACHED = 10_000;
const names = new Map<string, string>();

function normalise(key: string): string {
  if (key === '') return key;
  // One `_` per character (code point), as Go's regexp replaces per rune.
  const name = key.replace(/[^a-zA-Z0-9_]/gu, '_');
  const first = name.charCodeAt(0);
  if (first >= 48 && first <= 57) return `key_${name}`;
  if (name.startsWith('_') && !name.startsWith('__')) return `key${name}`;
  return name;
}
