import { JsonLayout, TextPieces } from '../json-text.js';
import { streamAnswerSpans } from './answer-spans.js';
import { JaegerTraceText } from './jaeger-trace-text.js';
import { cutTraceWarning, leftOutMessage, traceLeftOutMessage } from './span-budget.js';
import { formatTraceId } from './trace-id.js';
import type { TraceReader } from './trace-reader.js';

/** An entry of the envelope's `errors`, as Jaeger writes them. */
export interface StructuredError {
  code?: number;
  msg: string;
  traceID?: string;
}

/** What a trace answer asks for: traces found by a search, or asked for by id. */
export interface TracesQuery {
  ids: readonly bigint[];
  kind: 'search' | 'ids';
  raw: boolean;
  /** Spaces of indentation (prettyPrint), 0 for none. */
  indent: number;
}

/** Errors for the traces asked for by id that the answer does not hold. */
function idErrors(query: TracesQuery, loaded: Set<bigint>, left: bigint[]): StructuredError[] {
  const leftOut = new Set(left);
  return [...new Set(query.ids)]
    .filter((id) => !loaded.has(id))
    .map((id) => ({
      msg: leftOut.has(id) ? traceLeftOutMessage() : 'trace not found',
      traceID: formatTraceId(id),
    }));
}

/**
 * Jaeger's envelope {data: [traces], total, limit, offset, errors} for these traces, as pieces of
 * JSON text: as many of the traces (in order) as fit in MAX_ANSWER_SPANS, or the first of them
 * cut to it with Jaeger's warning on its first span; a search says in `errors` what it left out.
 * `traces` counts the traces in it.
 */
export async function jaegerTracesAnswer(
  reader: TraceReader,
  query: TracesQuery,
): Promise<{ pieces: string[]; traces: number }> {
  const layout = new JsonLayout(query.indent);
  const out = new TextPieces();
  out.push(`{${layout.line(1)}${layout.key('data')}[`);
  const loaded = new Set<bigint>();
  let trace: JaegerTraceText | undefined;
  let current: bigint | undefined;
  const plan = await streamAnswerSpans(reader, query.ids, query.raw, (row, { cut }) => {
    if (row.traceId !== current) {
      trace?.end();
      if (current !== undefined) out.push(',');
      out.push(layout.line(2));
      current = row.traceId;
      loaded.add(current);
      const warning = current === cut ? cutTraceWarning() : undefined;
      trace = new JaegerTraceText(out, layout, 2, current, warning);
    }
    trace?.add(row);
  });
  trace?.end();
  const errors =
    query.kind === 'ids'
      ? idErrors(query, loaded, plan.left)
      : plan.left.length > 0
        ? [{ msg: leftOutMessage(plan.load.length, plan.load.length + plan.left.length) }]
        : [];
  const tail = { total: 0, limit: 0, offset: 0, errors: errors.length > 0 ? errors : null };
  out.push(`${loaded.size > 0 ? layout.line(1) : ''}]`);
  for (const [key, value] of Object.entries(tail)) {
    out.push(`,${layout.line(1)}${layout.key(key)}${layout.value(value, 1)}`);
  }
  out.push(`${layout.line(0)}}\n`);
  return { pieces: out.take(), traces: loaded.size };
}
