import { streamAnswerSpans } from '../jaeger/answer-spans.js';
import { cutTraceWarning, leftOutMessage } from '../jaeger/span-budget.js';
import type { TraceReader } from '../jaeger/trace-reader.js';
import { TextPieces } from '../json-text.js';
import { OtlpTraceText } from './otlp-trace-text.js';

/**
 * api_v3's {result: {resourceSpans}} for these traces (newest first), as pieces of JSON text: as
 * many as fit in MAX_ANSWER_SPANS, or the first cut to it. api_v3 has no field for warnings: as
 * Jaeger does for a cut trace, they go on the first span, in its `@jaeger@warnings` attribute
 * (a trace cut short, and a search that left traces out). Unless raw, exact copies of a span
 * are kept once and collections sorted, as Jaeger's DeduplicateSpans and SortCollections
 * adjusters do (its other adjusters are not applied). `traces` counts the traces in it.
 */
export async function otlpTracesAnswer(
  reader: TraceReader,
  ids: readonly bigint[],
  raw: boolean,
): Promise<{ pieces: string[]; traces: number }> {
  const out = new TextPieces();
  out.push('{"result":{"resourceSpans":[');
  let traces = 0;
  let written = 0;
  let trace: OtlpTraceText | undefined;
  let current: bigint | undefined;
  await streamAnswerSpans(reader, ids, raw, (row, plan) => {
    if (row.traceId !== current) {
      written += trace?.writeResourceSpans(out, written === 0) ?? 0;
      current = row.traceId;
      const { load, left, cut } = plan;
      const warnings =
        traces === 0 && left.length > 0
          ? [leftOutMessage(load.length, load.length + left.length)]
          : [];
      if (current === cut) warnings.unshift(cutTraceWarning());
      trace = new OtlpTraceText(!raw, warnings);
      traces += 1;
    }
    trace?.add(row);
  });
  trace?.writeResourceSpans(out, written === 0);
  out.push(']}}');
  return { pieces: out.take(), traces };
}
