/** A series' name as Prometheus writes it: name{a="b", c="d"}, label values escaped as Go quotes them. */
export function seriesName(metric: Record<string, string>): string {
  const name = metric.__name__ ?? '';
  const labels = Object.keys(metric)
    .filter((key) => key !== '__name__')
    .sort()
    .map((key) => `${key}=${quote(metric[key] ?? '')}`);
  if (labels.length === 0) return name || '{}';
  return `${name}{${labels.join(', ')}}`;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
