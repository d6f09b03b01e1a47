import type { JsonLayout, TextPieces } from '../json-text.js';
import type { SpanRow } from './span-rows.js';
import { type JaegerTrace, processOf, type ScopeName, toJaegerSpan } from './to-jaeger-json.js';
import { formatTraceId } from './trace-id.js';

/**
 * One trace in Jaeger UI's JSON, written into `out` a span at a time at nesting `depth`:
 * {traceID, spans, processes, warnings}, processes shared by identical resources (p1, p2, … in
 * order of first use). Holds only the processes and the scopes seen, never the spans.
 */
export class JaegerTraceText {
  private readonly traceID: string;
  private spans = 0;
  private readonly processes: JaegerTrace['processes'] = {};
  /** Process ids by the process's JSON, and by the service and resource text they came from. */
  private readonly processIds = new Map<string, string>();
  private readonly byResource = new Map<string, string>();
  private readonly scopes = new Map<string, ScopeName>();

  /** `warning` goes on the first span (a trace cut short), as Jaeger puts it there. */
  constructor(
    private readonly out: TextPieces,
    private readonly layout: JsonLayout,
    private readonly depth: number,
    traceId: bigint,
    private readonly warning?: string,
  ) {
    this.traceID = formatTraceId(traceId);
    const { line, key } = { line: layout.line(depth + 1), key: (k: string) => layout.key(k) };
    out.push(`{${line}${key('traceID')}${JSON.stringify(this.traceID)},${line}${key('spans')}[`);
  }

  private processId(row: SpanRow): string {
    const resourceKey = `${row.service}\u0000${row.resource}`;
    let id = this.byResource.get(resourceKey);
    if (id !== undefined) return id;
    const process = processOf(row);
    const processKey = JSON.stringify(process);
    id = this.processIds.get(processKey);
    if (id === undefined) {
      id = `p${this.processIds.size + 1}`;
      this.processIds.set(processKey, id);
      this.processes[id] = process;
    }
    this.byResource.set(resourceKey, id);
    return id;
  }

  private scope(text: string): ScopeName {
    let scope = this.scopes.get(text);
    if (!scope) {
      scope = JSON.parse(text) as ScopeName;
      this.scopes.set(text, scope);
    }
    return scope;
  }

  add(row: SpanRow): void {
    const warnings = this.spans === 0 && this.warning ? [this.warning] : null;
    const span = toJaegerSpan(
      row,
      this.traceID,
      this.processId(row),
      this.scope(row.scope),
      warnings,
    );
    const depth = this.depth + 2;
    this.out.push(
      `${this.spans > 0 ? ',' : ''}${this.layout.line(depth)}${this.layout.value(span, depth)}`,
    );
    this.spans += 1;
  }

  end(): void {
    const { layout, depth } = this;
    const line = layout.line(depth + 1);
    this.out.push(
      `${this.spans > 0 ? line : ''}],${line}${layout.key('processes')}${layout.value(this.processes, depth + 1)},${line}${layout.key('warnings')}null${layout.line(depth)}}`,
    );
  }
}
