import type { Registry } from 'prom-client';

/**
 * The value of `name`'s series with exactly `labels` in `registry` (collected now), or undefined
 * when it has none: how tests and benchmarks read the backend's own metrics without parsing text.
 */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name.replace(/_(bucket|sum|count)$/, ''));
  if (!metric) return undefined;
  const wanted = Object.entries(labels);
  const { values } = await metric.get();
  const found = values.find((value) => {
    // A histogram's values carry the name of their series (_bucket, _sum, _count).
    const named = (value as { metricName?: string }).metricName ?? name;
    return (
      named === name &&
      Object.keys(value.labels).length === wanted.length &&
      wanted.every(([key, text]) => String(value.labels[key]) === text)
    );
  });
  return found?.value;
}
