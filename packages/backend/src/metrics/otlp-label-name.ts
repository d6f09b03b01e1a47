/**
 * OTLP attribute keys as Prometheus 3's OTLP receiver names labels with its default settings
 * (UnderscoreEscapingWithSuffixes, label_name_underscore_sanitization and
 * label_name_preserve_multiple_underscores both on): every character outside [a-zA-Z0-9_]
 * becomes "_" (runs kept), a leading digit gets "key_", a single leading "_" gets "key"
 * ("__reserved" names are left alone), and an all-underscore result is an error.
 */

const cache = new Map<string, string | undefined>();
const MAX_CACHED = 10_000;

/** The label name, or undefined when the key cannot be one (empty, or only underscores). */
export function otlpLabelName(key: string): string | undefined {
  let name = cache.get(key);
  if (name === undefined && !cache.has(key)) {
    name = build(key);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, name);
  }
  return name;
}

function build(key: string): string | undefined {
  if (key === '') return undefined;
  let name = key.replace(/[^a-zA-Z0-9_]/gu, '_');
  if (/^[0-9]/.test(name)) name = `key_${name}`;
  else if (name.startsWith('_') && !name.startsWith('__')) name = `key${name}`;
  return /^_*$/.test(name) ? undefined : name;
}
