/**
 * The most spans one trace answer holds (Jaeger v1 and api_v3, a search or traces by id). A span
 * costs about 50-70 µs to read and convert and about 420 bytes of answer text, held until the
 * answer is sent (bench:trace-answers, docs/benchmarks.md): 20,000 spans is about a second of
 * work, in slices, and 8 MB, twice the 10,000 spans the trace view opens in under a second.
 * Jaeger has the same cut for one trace, off by default (its query service's max_trace_size); a
 * search answer has none there.
 */
export const MAX_ANSWER_SPANS = 20_000;

/** Which of the traces found an answer loads, by their stored span counts. */
export interface AnswerPlan {
  /** The traces to load, in the order found. */
  load: bigint[];
  /** Set when the only trace loaded has more spans than the budget: its first `budget` load. */
  cut?: bigint;
  /** Traces found but left out, so that the answer stays within the budget. */
  left: bigint[];
}

/**
 * The longest run of the traces (newest first, as found) whose spans fit in `budget`. A first
 * trace larger than the whole budget is loaded alone, cut to its first `budget` spans, as
 * Jaeger's max_trace_size cuts it; traces with no stored span are not found and not counted.
 */
export function planAnswer(
  ids: readonly bigint[],
  counts: ReadonlyMap<bigint, number>,
  budget = MAX_ANSWER_SPANS,
): AnswerPlan {
  const found = [...new Set(ids)].filter((id) => (counts.get(id) ?? 0) > 0);
  const first = found[0];
  if (first !== undefined && (counts.get(first) ?? 0) > budget) {
    return { load: [first], cut: first, left: found.slice(1) };
  }
  let total = 0;
  let fits = 0;
  for (const id of found) {
    total += counts.get(id) ?? 0;
    if (total > budget) break;
    fits += 1;
  }
  return { load: found.slice(0, fits), left: found.slice(fits) };
}

/** The warning on the first span of a cut trace: Jaeger's words for its max_trace_size cut. */
export const cutTraceWarning = (budget = MAX_ANSWER_SPANS) =>
  `trace has more than ${budget} spans, showing first ${budget} spans only`;

/** Why a search answer holds fewer traces than it found. */
export const leftOutMessage = (loaded: number, found: number, budget = MAX_ANSWER_SPANS) =>
  `answer cut to the first ${loaded} of the ${found} traces found: an answer holds at most ${budget} spans; narrow the search or lower its limit`;

/** Why a trace asked for by id is not in the answer. */
export const traceLeftOutMessage = (budget = MAX_ANSWER_SPANS) =>
  `trace not loaded: an answer holds at most ${budget} spans; ask for it on its own`;
