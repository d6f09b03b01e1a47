import { streamAnswerSpans } from '../jaeger/answer-spans.js';
import type { SpanRow } from '../jaeger/span-rows.js';
import type { TraceReader } from '../jaeger/trace-reader.js';
import { inWindow, type TraceWindow } from './tempo-range.js';

/**
 * The stored spans of trace `id`, at most MAX_ANSWER_SPANS of them (the Jaeger fetch's budget:
 * a bigger trace is cut to its first spans), exact copies kept once; undefined when no span of
 * it lies in `window` (Tempo's start and end narrow where it looks).
 */
export async function readTempoTrace(
  reader: TraceReader,
  id: bigint,
  window: TraceWindow,
): Promise<SpanRow[] | undefined> {
  const rows: SpanRow[] = [];
  let seen = false;
  await streamAnswerSpans(reader, [id], false, (row) => {
    rows.push(row);
    if (!seen) seen = inWindow(window, row.startNs, row.endNs);
  });
  return seen ? rows : undefined;
}
