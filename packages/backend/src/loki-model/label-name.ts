/**
 * An OTLP attribute key as a Loki label name, as Loki 3.7's OTLP endpoint writes it (Prometheus's
 * otlptranslator 1.0 LabelNamer with its defaults): every run of characters outside
 * [a-zA-Z0-9] (underscores included) becomes one `_`; a name that starts with a digit gets `key_`
 * in front; a reserved name `__x__` keeps its double underscores around the cleaned inside.
 * A key that leaves no letter or digit (empty, `...`, `_`) has no name: '' (Loki refuses the
 * record; here the attribute is left out).
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

/** Runs of characters outside [a-zA-Z0-9], by code point, as Go ranges over runes. */
const INVALID_RUNS = /[^a-zA-Z0-9]+/gu;

function normalise(key: string): string {
  const reserved = key.length >= 4 && key.startsWith('__') && key.endsWith('__');
  const inner = reserved ? key.slice(2, -2) : key;
  let name = inner.replace(INVALID_RUNS, '_');
  if (reserved) name = `__${name}__`;
  if (!/[a-zA-Z0-9]/.test(name)) return '';
  const first = name.charCodeAt(0);
  return first >= 48 && first <= 57 ? `key_${name}` : name;
}
