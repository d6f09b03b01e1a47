import { type AnswerPlan, MAX_ANSWER_SPANS, planAnswer } from './span-budget.js';
import type { SpanRow } from './span-rows.js';
import type { TraceReader } from './trace-reader.js';

/**
 * Streams the spans of the traces `ids` that an answer holds (span-budget.ts) to `onRow`, with
 * the answer's plan, known before the first row; resolves to the plan. One trace, the usual
 * fetch, is read in one query, its stored count beside its spans; several are counted first.
 */
export async function streamAnswerSpans(
  reader: TraceReader,
  ids: readonly bigint[],
  copies: boolean,
  onRow: (row: SpanRow, plan: AnswerPlan) => void,
): Promise<AnswerPlan> {
  const unique = [...new Set(ids)];
  const [only] = unique;
  if (only !== undefined && unique.length === 1) {
    let plan: AnswerPlan = { load: [], left: [] };
    const storedCount = (spans: number) => {
      plan = planAnswer(unique, new Map([[only, spans]]));
    };
    const selection = { ids: unique, first: MAX_ANSWER_SPANS, copies, storedCount };
    await reader.streamSpans(selection, (row) => onRow(row, plan));
    return plan;
  }
  const plan = planAnswer(unique, await reader.countSpans(unique));
  const first = plan.cut === undefined ? undefined : MAX_ANSWER_SPANS;
  await reader.streamSpans({ ids: plan.load, first, copies }, (row) => onRow(row, plan));
  return plan;
}
