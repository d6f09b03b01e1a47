import type { OtlpResourceSpans } from './to-otlp-json.js';

type KeyValues = { key: string }[] | undefined;
type JsonObject = Record<string, unknown>;

const byKey = (list: KeyValues) =>
  list ? [...list].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) : list;

/** A copy of `object` with its `attributes` sorted, when it has any. */
export function sortAttributes<T extends JsonObject>(object: T): T {
  const attributes = object.attributes as KeyValues;
  return attributes ? { ...object, attributes: byKey(attributes) } : object;
}

export function sortSpan(span: JsonObject): JsonObject {
  const events = span.events as JsonObject[] | undefined;
  const links = span.links as JsonObject[] | undefined;
  const name = (event: JsonObject) => (event.name as string | undefined) ?? '';
  return {
    ...sortAttributes(span),
    ...(events && {
      events: [...events]
        .sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0))
        .map(sortAttributes),
    }),
    ...(links && { links: links.map(sortAttributes) }),
  };
}

/**
 * Jaeger v2's SortCollections adjuster, which it runs on every trace not asked for raw: the
 * attributes of resources, scopes, spans, events and links sorted by key, events (stably) by name.
 */
export function sortCollections(resourceSpans: OtlpResourceSpans[]): OtlpResourceSpans[] {
  return resourceSpans.map((rs) => ({
    ...rs,
    resource: sortAttributes(rs.resource),
    scopeSpans: rs.scopeSpans.map((ss) => ({
      ...ss,
      scope: sortAttributes(ss.scope),
      spans: ss.spans.map(sortSpan),
    })),
  }));
}
