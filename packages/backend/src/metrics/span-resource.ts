/** The identity of a span's service, and one shared OTLP resource per service for derived metrics. */
import type { AnyValue, KeyValue, ResourceData, ScopeData, SpanData } from '@otel-lab/otlp';

const IDENTIFYING = ['service.namespace', 'service.name', 'service.instance.id'];

/**
 * What span metrics and the service graph read of a span. A decoded span is one; the span
 * columns decoder makes only this, with the one attribute they look up (db.name) if present.
 */
export type SpanSummary = Pick<
  SpanData,
  | 'resource'
  | 'traceId'
  | 'spanId'
  | 'parentSpanId'
  | 'name'
  | 'kind'
  | 'startTimeUnixNano'
  | 'endTimeUnixNano'
  | 'attributes'
> & { status: Pick<SpanData['status'], 'code'> };

/** The span's service.name as text, "" when absent. */
export function serviceNameOf(span: Pick<SpanData, 'resource'>): string {
  for (const { key, value } of span.resource.attributes) {
    if (key === 'service.name' && value.type === 'string') return value.value;
  }
  return '';
}

export const stringValue = (value: string): AnyValue => ({ type: 'string', value });
export const attribute = (key: string, value: string): KeyValue => ({
  key,
  value: stringValue(value),
});

/**
 * Derived metrics carry only the identifying attributes of the span's resource, so that
 * Prometheus's translation gives them job and instance labels (and no target_info of their own:
 * the service's own metrics bring that).
 */
export class DerivedResources {
  private readonly byKey = new Map<string, DerivedResource>();
  /** Spans of one OTLP block share their resource object; this skips the work for each span. */
  private readonly bySource = new WeakMap<ResourceData, DerivedResource>();

  constructor(private readonly max: number) {}

  of(span: Pick<SpanData, 'resource'>): DerivedResource {
    const cached = this.bySource.get(span.resource);
    if (cached) return cached;
    const attributes = span.resource.attributes.filter(
      (kv) => IDENTIFYING.includes(kv.key) && kv.value.type === 'string',
    );
    const key = attributes
      .map((kv) => `${kv.key}=${(kv.value as { value: string }).value}`)
      .join('\u0000');
    let derived = this.byKey.get(key);
    if (!derived) {
      const resource = { attributes, droppedAttributesCount: 0, schemaUrl: '' };
      derived = { resource, key, serviceName: serviceNameOf(span) };
      if (this.byKey.size < this.max) this.byKey.set(key, derived);
    }
    this.bySource.set(span.resource, derived);
    return derived;
  }
}

export interface DerivedResource {
  resource: ResourceData;
  /** Identifies the resource within derived series keys. */
  key: string;
  serviceName: string;
}

export function derivedScope(name: string): ScopeData {
  return { name, version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
}
