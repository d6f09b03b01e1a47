// What the trace-level intrinsics and the structural operators need to know about a trace, built
// once per trace (lazily: a query on span attributes alone never pays for it) and kept while the
// trace object lives.
import type { TraceqlSpan, TraceqlTrace } from './trace-model';

export class TraceIndex {
  private byIdMap?: Map<string, TraceqlSpan>;
  private childCounts?: Map<string, number>;
  private rootSpan?: TraceqlSpan | null;
  private durationNs?: bigint;

  constructor(readonly trace: TraceqlTrace) {}

  private get byId(): Map<string, TraceqlSpan> {
    if (!this.byIdMap) {
      this.byIdMap = new Map();
      for (const span of this.trace.spans) this.byIdMap.set(span.spanId, span);
    }
    return this.byIdMap;
  }

  /** The span's parent when the trace holds it. */
  parent(span: TraceqlSpan): TraceqlSpan | undefined {
    return span.parentSpanId === '' ? undefined : this.byId.get(span.parentSpanId);
  }

  childCount(span: TraceqlSpan): number {
    if (!this.childCounts) {
      this.childCounts = new Map();
      for (const s of this.trace.spans) {
        if (s.parentSpanId !== '')
          this.childCounts.set(s.parentSpanId, (this.childCounts.get(s.parentSpanId) ?? 0) + 1);
      }
    }
    return this.childCounts.get(span.spanId) ?? 0;
  }

  /** The span without a parent (the first, if a broken trace has several); undefined when not received. */
  get root(): TraceqlSpan | undefined {
    if (this.rootSpan === undefined)
      this.rootSpan = this.trace.spans.find((s) => s.parentSpanId === '') ?? null;
    return this.rootSpan ?? undefined;
  }

  /** From the earliest start to the latest end, as Tempo's traceDuration. */
  get traceDurationNs(): bigint {
    if (this.durationNs === undefined) {
      let start: bigint | undefined;
      let end: bigint | undefined;
      for (const s of this.trace.spans) {
        const e = s.startNs + s.durationNs;
        if (start === undefined || s.startNs < start) start = s.startNs;
        if (end === undefined || e > end) end = e;
      }
      this.durationNs = start === undefined || end === undefined ? 0n : end - start;
    }
    return this.durationNs;
  }
}

const indexes = new WeakMap<TraceqlTrace, TraceIndex>();

export function traceIndex(trace: TraceqlTrace): TraceIndex {
  let index = indexes.get(trace);
  if (!index) {
    index = new TraceIndex(trace);
    indexes.set(trace, index);
  }
  return index;
}
