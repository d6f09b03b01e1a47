import type { BackendGet } from './backend-client.js';
import {
  extentOf,
  formatMicros,
  isError,
  type JaegerSpan,
  type JaegerTrace,
  serviceOf,
} from './jaeger-json.js';
import type { QueryOptions } from './options.js';
import { bodyOf, type Outcome } from './outcome.js';
import { safeText } from './terminal-text.js';

const BAR_WIDTH = 40;

export interface WaterfallRow {
  spanId: string;
  depth: number;
  service: string;
  name: string;
  offsetUs: number;
  durationUs: number;
  error: boolean;
}

/** Spans depth first, children by start time; spans whose parent is missing are roots. */
export function waterfallRows(trace: JaegerTrace): WaterfallRow[] {
  const ids = new Set(trace.spans.map((s) => s.spanID));
  const children = new Map<string | undefined, JaegerSpan[]>();
  for (const span of trace.spans) {
    const parent = span.references?.find(
      (r) => r.refType === 'CHILD_OF' && ids.has(r.spanID),
    )?.spanID;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const { start } = extentOf(trace);
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | undefined, depth: number) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.startTime - b.startTime);
    for (const span of list) {
      if (seen.has(span.spanID)) continue; // a span listed twice, or a cycle
      seen.add(span.spanID);
      rows.push({
        spanId: span.spanID,
        depth,
        service: serviceOf(trace, span),
        name: span.operationName,
        offsetUs: span.startTime - start,
        durationUs: span.duration,
        error: isError(span),
      });
      visit(span.spanID, depth + 1);
    }
  };
  visit(undefined, 0);
  return rows;
}

function bar(row: WaterfallRow, totalUs: number): string {
  const scale = totalUs > 0 ? BAR_WIDTH / totalUs : 0;
  const from = Math.min(BAR_WIDTH - 1, Math.floor(row.offsetUs * scale));
  const width = Math.max(1, Math.round(row.durationUs * scale));
  const length = Math.min(width, BAR_WIDTH - from);
  return `${' '.repeat(from)}${'█'.repeat(length)}${' '.repeat(BAR_WIDTH - from - length)}`;
}

export function formatWaterfall(trace: JaegerTrace): string {
  const rows = waterfallRows(trace);
  const { start, end } = extentOf(trace);
  const labels = rows.map(
    (r) =>
      `${'  '.repeat(r.depth)}${r.error ? '! ' : ''}${safeText(r.service)}: ${safeText(r.name)}`,
  );
  const width = Math.max(...labels.map((l) => l.length));
  const durations = rows.map((r) => formatMicros(r.durationUs));
  const durationWidth = Math.max(...durations.map((d) => d.length));
  const lines = rows.map(
    (r, i) =>
      `${labels[i]?.padEnd(width)}  ${durations[i]?.padStart(durationWidth)}  |${bar(r, end - start)}|`,
  );
  const errors = rows.filter((r) => r.error).length;
  const head = `trace ${safeText(trace.traceID)}: ${rows.length} spans, ${formatMicros(end - start)}${errors ? `, ${errors} failed (!)` : ''}`;
  return [head, ...lines].join('\n');
}

export async function queryTrace(get: BackendGet, options: QueryOptions): Promise<Outcome> {
  const id = options.argument ?? '';
  if (!/^[0-9a-fA-F]{1,32}$/.test(id))
    return { error: `a trace id is 1 to 32 hexadecimal digits, got ${JSON.stringify(id)}` };
  const body = bodyOf(await get(`/api/traces/${id}`), `trace ${id}`);
  if ('error' in body) return body;
  const trace = (body.body as { data?: JaegerTrace[] }).data?.[0];
  if (!trace?.spans.length) return { error: `trace ${id} was not found` };
  return {
    text: formatWaterfall(trace),
    json: { traceId: trace.traceID, spans: waterfallRows(trace) },
  };
}
