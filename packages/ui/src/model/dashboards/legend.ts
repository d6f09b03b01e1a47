/** A series' name in a legend: Grafana's `{{label}}` templating, else the series selector. */
export function legendName(
  labels: Readonly<Record<string, string>>,
  format: string | undefined,
): string {
  if (format && format !== '__auto') {
    return format.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) =>
      Object.hasOwn(labels, name) ? (labels[name] as string) : '',
    );
  }
  return seriesName(labels);
}

/** `name{a="1", b="2"}`, or `{}` for a series without labels. */
export function seriesName(labels: Readonly<Record<string, string>>): string {
  const { __name__: name = '', ...rest } = labels;
  const pairs = Object.keys(rest)
    .sort()
    .map((key) => `${key}=${JSON.stringify(rest[key])}`);
  if (name && !pairs.length) return name;
  return `${name}{${pairs.join(', ')}}`;
}
