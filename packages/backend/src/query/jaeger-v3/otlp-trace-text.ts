import type { SpanRow } from '../jaeger/span-rows.js';
import type { TextPieces } from '../json-text.js';
import { sortAttributes, sortSpan } from './sort-collections.js';
import { resourceJson, scopeJson, toOtlpSpan } from './to-otlp-json.js';

/** The span attribute where Jaeger puts the warnings of its query service (a list of strings). */
export const WARNINGS_ATTRIBUTE = '@jaeger@warnings';

interface ScopeGroup {
  /** The ScopeSpans JSON before its spans, and after them. */
  head: string;
  tail: string;
  spans: string[];
}

interface ResourceGroup {
  head: string;
  tail: string;
  scopes: Map<string, ScopeGroup>;
}

/** `{"schemaUrl":…}`'s member when the URL is set, as proto3 JSON leaves out empty strings. */
const schemaUrlMember = (url: string) => (url === '' ? '' : `,"schemaUrl":${JSON.stringify(url)}`);

/**
 * One trace as the JSON text of OTLP ResourceSpans, byte for byte what JSON.stringify writes of
 * toOtlpResourceSpans (to-otlp-json.ts), built a span at a time: each span becomes text at once,
 * so a trace is held as text, not as objects. `sorted`: Jaeger's SortCollections adjuster applied.
 */
export class OtlpTraceText {
  private readonly resources = new Map<string, ResourceGroup>();
  private spans = 0;

  /** `warnings` go on the first span, in Jaeger's WARNINGS_ATTRIBUTE. */
  constructor(
    private readonly sorted: boolean,
    private readonly warnings: readonly string[] = [],
  ) {}

  private group(row: SpanRow): ScopeGroup {
    let resource = this.resources.get(row.resource);
    if (!resource) {
      const json = resourceJson(row.resource);
      const body = this.sorted ? sortAttributes(json.resource) : json.resource;
      resource = {
        head: `{"resource":${JSON.stringify(body)},"scopeSpans":[`,
        tail: `]${schemaUrlMember(json.schemaUrl)}}`,
        scopes: new Map(),
      };
      this.resources.set(row.resource, resource);
    }
    let scope = resource.scopes.get(row.scope);
    if (!scope) {
      const json = scopeJson(row.scope);
      const body = this.sorted ? sortAttributes(json.scope) : json.scope;
      scope = {
        head: `{"scope":${JSON.stringify(body)},"spans":[`,
        tail: `]${schemaUrlMember(json.schemaUrl)}}`,
        spans: [],
      };
      resource.scopes.set(row.scope, scope);
    }
    return scope;
  }

  add(row: SpanRow): void {
    let span = toOtlpSpan(row);
    if (this.spans === 0 && this.warnings.length > 0) {
      const values = this.warnings.map((warning) => ({ stringValue: warning }));
      const warning = { key: WARNINGS_ATTRIBUTE, value: { arrayValue: { values } } };
      span = { ...span, attributes: [...((span.attributes as unknown[]) ?? []), warning] };
    }
    this.group(row).spans.push(JSON.stringify(this.sorted ? sortSpan(span) : span));
    this.spans += 1;
  }

  /**
   * Pushes the ResourceSpans into `out` in order of first appearance, a comma before each unless
   * it is the first of its list (`first`), and lets the trace go. Returns how many it pushed.
   */
  writeResourceSpans(out: TextPieces, first: boolean): number {
    let written = 0;
    for (const resource of this.resources.values()) {
      out.push(`${first && written === 0 ? '' : ','}${resource.head}`);
      let scopes = 0;
      for (const scope of resource.scopes.values()) {
        out.push(`${scopes++ > 0 ? ',' : ''}${scope.head}`);
        scope.spans.forEach((span, i) => {
          out.push(i > 0 ? `,${span}` : span);
        });
        out.push(scope.tail);
      }
      out.push(resource.tail);
      written += 1;
    }
    this.resources.clear();
    return written;
  }
}
