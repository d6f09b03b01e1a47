import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * The longest a long answer's conversion holds the event loop at a time. The loop also
 * acknowledges OTLP batches: a trace answer of 20,000 spans is about a second of work, so it
 * runs in slices, and an acknowledgement waits about a slice (54 ms at worst measured,
 * bench:trace-answers in docs/benchmarks.md).
 */
export const SLICE_MS = 10;

/**
 * Work done in slices of about SLICE_MS: check `due` between small steps (a row) and await
 * `yield` when it is, so whatever else waits on the event loop runs in between.
 */
export class EventLoopSlices {
  private start = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** True once the current slice has run its time. */
  get due(): boolean {
    return performance.now() - this.start >= this.sliceMs;
  }

  /** One turn of the event loop, then a new slice. */
  async yield(): Promise<void> {
    await nextTurn();
    this.start = performance.now();
  }
}
