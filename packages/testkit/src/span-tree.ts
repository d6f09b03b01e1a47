/**
 * The little of a finished span that describeTree reads. The SDK's ReadableSpan fits it, so tests
 * pass their exporter's spans straight in while the testkit stays free of SDK dependencies.
 */
export interface TreeSpan {
  readonly name: string;
  readonly kind: number;
  readonly startTime: readonly [number, number];
  readonly parentSpanContext?: { readonly spanId: string } | undefined;
  spanContext(): { readonly spanId: string };
}

/** A span tree as names, "name (KIND)" with children indented, for exact comparisons. */
export function describeTree(
  spans: readonly TreeSpan[],
  kindName: (kind: number) => string,
): string[] {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const children = new Map<string | undefined, TreeSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent && ids.has(parent) ? parent : undefined;
    const list = children.get(key) ?? [];
    list.push(span);
    children.set(key, list);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    const list = (children.get(parent) ?? []).sort(
      (a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
    );
    for (const span of list) {
      lines.push(`${'  '.repeat(depth)}${span.name} (${kindName(span.kind)})`);
      walk(span.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}
